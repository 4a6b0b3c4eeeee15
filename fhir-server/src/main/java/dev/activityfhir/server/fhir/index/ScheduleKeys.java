package dev.activityfhir.server.fhir.index;

import java.util.List;

/**
 * Search keys of a Schedule.
 *
 * @param actors actor references as {@code Type/id}
 * @param serviceTypeCodes activity-list codes of {@code serviceType}
 * @param serviceTypeTokens every {@code serviceType} coding as {@code system|code}
 * @param active whether the schedule is active (absent counts as active)
 */
public record ScheduleKeys(
    List<String> actors, List<String> serviceTypeCodes, List<String> serviceTypeTokens, boolean active) {}
