package dev.activityfhir.server.referral;

import dev.activityfhir.server.referral.store.SearchQuery.Criterion;
import dev.activityfhir.server.referral.store.SearchQuery.Sort;
import java.util.List;
import java.util.Set;

/**
 * A search of one referral-side type as the client asked it, bound from the URL.
 *
 * @param type the resource type
 * @param criteria criteria on the type's own indexed values
 * @param subjectIdentifiers {@code subject:identifier} / {@code patient:identifier}: the Patient must carry one of
 *     these identifiers (resolved among the Patients the caller may see); empty when not asked
 * @param includes {@code _include} values, e.g. {@code ServiceRequest:patient}
 * @param revIncludes {@code _revinclude} values, e.g. {@code Task:focus}
 * @param sort the order
 * @param count the page size
 */
public record ReferralSearch(
    String type,
    List<Criterion> criteria,
    List<Criterion> subjectIdentifiers,
    Set<String> includes,
    Set<String> revIncludes,
    Sort sort,
    int count) {

  public ReferralSearch {
    criteria = List.copyOf(criteria);
    subjectIdentifiers = List.copyOf(subjectIdentifiers);
    includes = Set.copyOf(includes);
    revIncludes = Set.copyOf(revIncludes);
  }
}
