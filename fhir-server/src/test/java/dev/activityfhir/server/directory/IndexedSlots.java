package dev.activityfhir.server.directory;

import dev.activityfhir.server.directory.PublishedSlots.SlotTimes;
import dev.activityfhir.server.fhir.index.Indexed;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.index.SlotKeys;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The Slots of a real index as a rebuild sees them, recording which ids were looked up. */
public final class IndexedSlots implements PublishedSlots {

  private final ResourceIndex index;
  /** Looked up from the load's parallel workers. */
  final Set<String> asked = ConcurrentHashMap.newKeySet();

  /** Looks the Slots up in {@code index}. */
  public IndexedSlots(ResourceIndex index) {
    this.index = index;
  }

  @Override
  public @Nullable SlotTimes find(String slotId) {
    asked.add(slotId);
    Indexed<SlotKeys> slot = index.query(view -> view.slot(slotId));
    if (slot == null) {
      return null;
    }
    SlotKeys keys = slot.keys();
    String scheduleId = keys.scheduleId();
    return scheduleId == null
        ? null
        : new SlotTimes(slot.id(), scheduleId, keys.startMillis(), keys.endMillis());
  }

  @Override
  public Set<String> slotIdsOfSchedule(String scheduleId) {
    return index.query(view -> Set.copyOf(view.slotIdsOfSchedule(scheduleId)));
  }
}
