package dev.activityfhir.server.fhir.search;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Location search.
 *
 * @param ids {@code _id}: any of these ids (empty = any)
 * @param names {@code name}: the name starts with any of these {@link
 *     dev.activityfhir.server.fhir.index.TextKey}s (empty = any)
 * @param postalCodePrefix {@code address-postalcode}: the postcode (upper case, no spaces) starts with this
 * @param near {@code near} or {@code postcode}: within this distance, nearest first
 */
public record LocationSearchParams(
    Set<String> ids, List<String> names, @Nullable String postalCodePrefix, @Nullable Near near) {

  public LocationSearchParams {
    ids = Set.copyOf(ids);
    names = List.copyOf(names);
  }
}
