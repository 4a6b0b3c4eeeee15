package dev.activityfhir.server.fhir.search;

import java.util.List;
import java.util.Set;

/**
 * A Slot search. Results are ordered by start (then id), ascending unless {@code descending}.
 *
 * @param ids {@code _id}: any of these ids (empty = any)
 * @param scheduleIds {@code schedule}: belongs to any of these Schedules (empty = any)
 * @param scheduleActors {@code schedule.actor}: its Schedule has any of these actors as {@code Type/id} (empty =
 *     any)
 * @param start {@code start}: every criterion (AND) holds for the slot's start
 * @param statuses {@code status}: any of these codes (empty = any)
 * @param serviceTypes {@code service-type}: every group (AND) has a matching token (OR)
 * @param descending {@code _sort=-start}
 */
public record SlotSearchParams(
    Set<String> ids,
    Set<String> scheduleIds,
    Set<String> scheduleActors,
    List<DateCriterion> start,
    Set<String> statuses,
    List<List<TokenCriterion>> serviceTypes,
    boolean descending) {

  public SlotSearchParams {
    ids = Set.copyOf(ids);
    scheduleIds = Set.copyOf(scheduleIds);
    scheduleActors = Set.copyOf(scheduleActors);
    start = List.copyOf(start);
    statuses = Set.copyOf(statuses);
    serviceTypes = serviceTypes.stream().map(List::copyOf).toList();
  }
}
