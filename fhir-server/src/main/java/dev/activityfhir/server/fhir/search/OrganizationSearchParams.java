package dev.activityfhir.server.fhir.search;

import java.util.List;
import java.util.Set;

/**
 * An Organization search.
 *
 * @param ids {@code _id}: any of these ids (empty = any)
 * @param names {@code name}, with {@code :exact} or {@code :contains}: the name satisfies any of these (empty =
 *     any)
 */
public record OrganizationSearchParams(Set<String> ids, List<TextCriterion> names) {

  public OrganizationSearchParams {
    ids = Set.copyOf(ids);
    names = List.copyOf(names);
  }
}
