package dev.activityfhir.server.fhir.search;

import dev.activityfhir.server.fhir.index.SlotKeys;
import java.time.Instant;
import java.util.List;

/**
 * The Slots that {@code available} asks about: free (places left: the mapping marks a session with no place left
 * {@code busy}) and starting at a time that satisfies every criterion. Used both to find the services with such a
 * Slot and to include only those Slots with the services ({@code _revinclude=Slot:schedule}).
 *
 * @param starts the {@code available} criteria, all of which a Slot's start must satisfy (none: never admits)
 */
public record FreeSlotWindow(List<DateCriterion> starts) {

  public FreeSlotWindow {
    starts = List.copyOf(starts);
  }

  /** Whether the Slot is free and starts within the window ({@code now} resolves relative criteria). */
  public boolean admits(SlotKeys slot, Instant now) {
    if (!"free".equals(slot.status()) || slot.startMillis() == Long.MIN_VALUE || starts.isEmpty()) {
      return false;
    }
    for (DateCriterion criterion : starts) {
      if (!criterion.test(slot.startMillis(), now)) {
        return false;
      }
    }
    return true;
  }
}
