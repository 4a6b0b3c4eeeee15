package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@code location} Place completed from the place it is in: a court or studio ({@code
 * beta:sportsActivityLocation}-style sub-place) often carries its address and coordinates only on
 * {@code containedInPlace}. The Place's own values win.
 */
final class Places {

  private static final String[] FROM_CONTAINER = {"address", "geo"};

  private Places() {}

  /** {@code place}, with {@code address} and {@code geo} taken from its container when missing. */
  static JsonNode withContainer(JsonNode place) {
    JsonNode container = JsonLd.get(place, "containedInPlace");
    if (container == null || !container.isObject() || !place.isObject()) {
      return place;
    }
    ObjectNode completed = null;
    for (String name : FROM_CONTAINER) {
      JsonNode value = JsonLd.get(container, name);
      if (JsonLd.get(place, name) == null && value != null) {
        if (completed == null) {
          completed = ((ObjectNode) place).objectNode().setAll((ObjectNode) place);
        }
        completed.set(name, value);
      }
    }
    return completed == null ? place : completed;
  }
}
