package dev.activityfhir.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * The two keys the store indexes an item by, read from its {@code data}: its own {@code @id} and, for a child
 * (ScheduledSession, facility Slot), the {@code @id} of its parent ({@code superEvent} or {@code facilityUse},
 * either a URL string or an embedded object).
 *
 * @param atId {@code data.@id} (or the {@code id} alias)
 * @param parentAtId the parent's {@code @id}, when the item names one
 */
public record ItemLinks(@Nullable String atId, @Nullable String parentAtId) {

  /** Reads the links of an item's {@code data}; JSON-LD aliases {@code @id}/{@code id} are both accepted. */
  public static ItemLinks of(JsonNode data) {
    String parent = reference(data.get("superEvent"));
    if (parent == null) {
      parent = reference(data.get("facilityUse"));
    }
    return new ItemLinks(id(data), parent);
  }

  private static @Nullable String reference(@Nullable JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      return blankToNull(node.asText());
    }
    if (node.isObject()) {
      return id(node);
    }
    return null;
  }

  private static @Nullable String id(JsonNode node) {
    JsonNode id = node.get("@id");
    if (id == null || !id.isTextual()) {
      id = node.get("id");
    }
    return id != null && id.isTextual() ? blankToNull(id.asText()) : null;
  }

  private static @Nullable String blankToNull(String text) {
    return text.isBlank() ? null : text;
  }
}
