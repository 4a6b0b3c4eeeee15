package dev.activityfhir.server.fhir.search;

import dev.activityfhir.server.fhir.index.IndexView;
import dev.activityfhir.server.fhir.index.Indexed;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.index.ScheduleKeys;
import dev.activityfhir.server.fhir.index.SlotKeys;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Slot search over the {@link ResourceIndex}. */
public final class SlotSearchService {

  private final ResourceIndex index;
  private final Clock clock;

  /**
   * A search service reading the given index.
   *
   * @param clock the clock giving "now" for the {@code ap} (approximately) date prefix
   */
  public SlotSearchService(ResourceIndex index, Clock clock) {
    this.index = index;
    this.clock = clock;
  }

  /** The matching Slots ordered by start, then id. */
  public List<Hit> search(SlotSearchParams params) {
    Instant now = clock.instant();
    return index.query(view -> search(view, params, now));
  }

  private static List<Hit> search(IndexView view, SlotSearchParams params, Instant now) {
    List<Indexed<SlotKeys>> matches = new ArrayList<>();
    List<TokenGroup> serviceTypes = TokenGroup.allOf(params.serviceTypes());
    for (Indexed<SlotKeys> slot : candidates(view, params)) {
      if (matches(slot, params, serviceTypes, now)) {
        matches.add(slot);
      }
    }
    Comparator<Indexed<SlotKeys>> order =
        Comparator.<Indexed<SlotKeys>>comparingLong(s -> s.keys().startMillis())
            .thenComparing(Indexed::id);
    matches.sort(params.descending() ? order.reversed() : order);
    List<Hit> hits = new ArrayList<>(matches.size());
    for (Indexed<SlotKeys> slot : matches) {
      hits.add(Hit.of(slot.id()));
    }
    return hits;
  }

  // Narrow by schedule first: that is the common query, and it avoids scanning every slot.
  private static Collection<Indexed<SlotKeys>> candidates(IndexView view, SlotSearchParams params) {
    Set<String> scheduleIds = null;
    if (!params.scheduleIds().isEmpty()) {
      scheduleIds = new LinkedHashSet<>(params.scheduleIds());
    }
    if (!params.scheduleActors().isEmpty()) {
      Set<String> byActor = new LinkedHashSet<>();
      for (Indexed<ScheduleKeys> schedule : view.schedules()) {
        if (schedule.keys().actors().stream().anyMatch(params.scheduleActors()::contains)) {
          byActor.add(schedule.id());
        }
      }
      if (scheduleIds == null) {
        scheduleIds = byActor;
      } else {
        scheduleIds.retainAll(byActor);
      }
    }
    if (scheduleIds == null) {
      if (!params.ids().isEmpty()) {
        List<Indexed<SlotKeys>> byId = new ArrayList<>();
        for (String id : params.ids()) {
          Indexed<SlotKeys> slot = view.slot(id);
          if (slot != null) {
            byId.add(slot);
          }
        }
        return byId;
      }
      return view.slots();
    }
    List<Indexed<SlotKeys>> slots = new ArrayList<>();
    for (String scheduleId : scheduleIds) {
      for (String slotId : view.slotIdsOfSchedule(scheduleId)) {
        Indexed<SlotKeys> slot = view.slot(slotId);
        if (slot != null) {
          slots.add(slot);
        }
      }
    }
    return slots;
  }

  private static boolean matches(
      Indexed<SlotKeys> slot, SlotSearchParams params, List<TokenGroup> serviceTypes, Instant now) {
    SlotKeys keys = slot.keys();
    if (!params.ids().isEmpty() && !params.ids().contains(slot.id())) {
      return false;
    }
    if (!params.scheduleIds().isEmpty() && !params.scheduleIds().contains(keys.scheduleId())) {
      return false;
    }
    if (!params.statuses().isEmpty() && !params.statuses().contains(keys.status())) {
      return false;
    }
    for (DateCriterion criterion : params.start()) {
      if (keys.startMillis() == Long.MIN_VALUE || !criterion.test(keys.startMillis(), now)) {
        return false;
      }
    }
    return TokenGroup.allMatch(serviceTypes, keys.serviceTypeTokens());
  }
}
