package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Some publishers wrap an item's data in an extra level ({@code "data": {"data": {...}}} or {@code
 * "data": {"item": {...}}}). The opportunity is the first object down that chain with a type.
 */
final class Wrappers {

  private static final int MAX_DEPTH = 3;

  private Wrappers() {}

  /** The typed object {@code data} wraps, or {@code data} itself (typed, or no typed object found). */
  static JsonNode unwrap(JsonNode data) {
    JsonNode node = data;
    for (int depth = 0; depth < MAX_DEPTH && JsonLd.type(node) == null; depth++) {
      JsonNode inner = JsonLd.get(node, "data", "item");
      if (inner == null || !inner.isObject()) {
        return data;
      }
      node = inner;
    }
    return JsonLd.type(node) == null ? data : node;
  }

  /** {@code item} with its data unwrapped (the same instance when there was no wrapper). */
  static OpenActiveItem unwrap(OpenActiveItem item) {
    JsonNode data = unwrap(item.data());
    return data == item.data()
        ? item
        : new OpenActiveItem(
            item.feedUrl(),
            item.rpdeId(),
            item.modified(),
            data,
            item.harvestedAt(),
            item.license());
  }
}
