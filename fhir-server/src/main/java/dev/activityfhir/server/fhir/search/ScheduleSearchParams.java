package dev.activityfhir.server.fhir.search;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Schedule search.
 *
 * @param ids {@code _id}: any of these ids (empty = any)
 * @param actors {@code actor}: has any of these actors, as {@code Type/id} (empty = any)
 * @param serviceTypes {@code service-type}: every group (AND) has a matching token (OR)
 * @param active {@code active}, or null for either
 */
public record ScheduleSearchParams(
    Set<String> ids, Set<String> actors, List<List<TokenCriterion>> serviceTypes, @Nullable Boolean active) {

  public ScheduleSearchParams {
    ids = Set.copyOf(ids);
    actors = Set.copyOf(actors);
    serviceTypes = serviceTypes.stream().map(List::copyOf).toList();
  }
}
