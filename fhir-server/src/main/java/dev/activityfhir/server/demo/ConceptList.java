package dev.activityfhir.server.demo;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * An OpenActive SKOS concept scheme (activity list, accessibility support) looked up by exact label. The concepts
 * come from the mapping module's bundled vocabularies, so the demo and the mapper read the same list.
 */
final class ConceptList {

  private final Map<String, Concept> byLabel;

  private ConceptList(Map<String, Concept> byLabel) {
    this.byLabel = byLabel;
  }

  /** The concepts of one scheme, keyed by their prefLabel. */
  static ConceptList of(String schemeId, Collection<dev.activityfhir.mapping.Concept> concepts) {
    Map<String, Concept> labelled = new HashMap<>();
    for (dev.activityfhir.mapping.Concept concept : concepts) {
      labelled.put(concept.prefLabel(), new Concept(concept.id(), concept.prefLabel(), schemeId));
    }
    return new ConceptList(Map.copyOf(labelled));
  }

  /** The concept with exactly this prefLabel; fails when the list has none (a typo in the generator). */
  Concept byLabel(String prefLabel) {
    Concept concept = byLabel.get(prefLabel);
    if (concept == null) {
      throw new IllegalArgumentException("no concept labelled '" + prefLabel + "'");
    }
    return concept;
  }
}
