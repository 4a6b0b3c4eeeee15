package dev.activityfhir.mapping;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One SKOS concept of an OpenActive controlled vocabulary (activity list, accessibility support).
 *
 * @param id the concept URI as published, e.g. {@code https://openactive.io/activity-list#<uuid>}
 * @param code the URI fragment (a UUID), used as the FHIR code
 * @param prefLabel the preferred label, used as the FHIR display
 * @param altLabels alternative labels (may be empty)
 * @param definition the definition, when published
 * @param parentCodes codes of the broader concepts: the union of this concept's {@code broader}
 *     links and of every concept that lists it as {@code narrower}
 */
public record Concept(
    String id,
    String code,
    String prefLabel,
    List<String> altLabels,
    @Nullable String definition,
    Set<String> parentCodes) {

  public Concept {
    altLabels = List.copyOf(altLabels);
    // sorted so that anything derived from it (CodeSystem properties, tests) is deterministic
    parentCodes = Collections.unmodifiableSortedSet(new TreeSet<>(parentCodes));
  }
}
