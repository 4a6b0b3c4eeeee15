package dev.activityfhir.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** A bundled OpenActive SKOS concept scheme (activity list, accessibility support), looked up by label. */
final class ConceptList {

  private final Map<String, Concept> byLabel;

  private ConceptList(Map<String, Concept> byLabel) {
    this.byLabel = byLabel;
  }

  /** Reads a JSON-LD ConceptScheme from this package's resources. */
  static ConceptList load(String resource) {
    try (InputStream in = ConceptList.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing bundled resource " + resource);
      }
      JsonNode scheme = new ObjectMapper().readTree(in);
      String schemeId = text(scheme, "id", "@id");
      Map<String, Concept> concepts = new HashMap<>();
      for (JsonNode concept : scheme.path("concept")) {
        String label = concept.path("prefLabel").asText();
        concepts.put(label, new Concept(text(concept, "id", "@id"), label, schemeId));
      }
      return new ConceptList(Map.copyOf(concepts));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** The concept with exactly this prefLabel; fails when the list has none (a typo in the generator). */
  Concept byLabel(String prefLabel) {
    Concept concept = byLabel.get(prefLabel);
    if (concept == null) {
      throw new IllegalArgumentException("no concept labelled '" + prefLabel + "'");
    }
    return concept;
  }

  private static String text(JsonNode node, String name, String alias) {
    return node.has(name) ? node.get(name).asText() : node.path(alias).asText();
  }
}
