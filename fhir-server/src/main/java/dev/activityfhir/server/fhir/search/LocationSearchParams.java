package dev.activityfhir.server.fhir.search;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Location search.
 *
 * @param ids {@code _id}: any of these ids (empty = any)
 * @param names {@code name}, with {@code :exact} or {@code :contains}: the name satisfies any of these (empty = any)
 * @param postalCode {@code address-postalcode}, with {@code :exact} or {@code :contains}: the postcode (upper
 *     case, no spaces) satisfies this, or null for any
 * @param near {@code near} or {@code postcode}: within this distance, nearest first
 */
public record LocationSearchParams(
    Set<String> ids, List<TextCriterion> names, @Nullable TextCriterion postalCode, @Nullable Near near) {

  public LocationSearchParams {
    ids = Set.copyOf(ids);
    names = List.copyOf(names);
  }
}
