package dev.activityfhir.server.fhir.search;

import java.util.List;
import java.util.Set;

/**
 * An Organization search.
 *
 * @param ids {@code _id}: any of these ids (empty = any)
 * @param names {@code name}: the name starts with any of these text keys (empty = any)
 */
public record OrganizationSearchParams(Set<String> ids, List<String> names) {

  public OrganizationSearchParams {
    ids = Set.copyOf(ids);
    names = List.copyOf(names);
  }
}
