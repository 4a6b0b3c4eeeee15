package dev.activityfhir.server.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A SKOS concept of a bundled OpenActive list, as referenced from opportunity data.
 *
 * @param id the concept URI, e.g. {@code https://openactive.io/activity-list#<uuid>}
 * @param prefLabel its preferred label
 * @param inScheme the concept scheme URI
 */
record Concept(String id, String prefLabel, String inScheme) {

  /** The concept as an OpenActive {@code Concept} object. */
  ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("@type", "Concept");
    node.put("@id", id);
    node.put("prefLabel", prefLabel);
    node.put("inScheme", inScheme);
    return node;
  }
}
