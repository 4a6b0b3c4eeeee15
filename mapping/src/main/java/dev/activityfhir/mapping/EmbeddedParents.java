package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * Parents that exist only embedded in their children, without an {@code @id} (a ScheduledSession
 * carrying its whole SessionSeries as an object). Every child of the same series embeds the same
 * description, so the series is keyed by what describes it: its url, identifier, name, place and
 * organiser. The key is a URN ({@value #PREFIX}...), kept as the parent's identifier with the
 * system {@code urn:ietf:rfc:3986}.
 */
final class EmbeddedParents {

  static final String PREFIX = "urn:activityfhir:embedded-parent:";

  private EmbeddedParents() {}

  /** The key of an embedded parent without {@code @id}. */
  static String key(JsonNode embedded) {
    JsonNode place = JsonLd.get(embedded, "location");
    JsonNode organizer = JsonLd.get(embedded, "organizer", "provider");
    String description =
        String.join(
            "|",
            text(JsonLd.text(embedded, "url")),
            text(identifier(embedded)),
            text(JsonLd.text(embedded, "name")),
            text(JsonLd.id(place)),
            text(JsonLd.text(place, "name")),
            text(JsonLd.text(JsonLd.get(place, "address"), "postalCode")),
            text(JsonLd.id(organizer)),
            text(JsonLd.text(organizer, "name")));
    return PREFIX + ResourceIds.hash("EmbeddedParent " + description);
  }

  /** The embedded parent's data with {@code key} as its {@code @id} when it has none. */
  static JsonNode identified(JsonNode embedded, String key) {
    if (JsonLd.id(embedded) != null || !embedded.isObject()) {
      return embedded;
    }
    ObjectNode copy = ((ObjectNode) embedded).objectNode();
    copy.put("@id", key);
    copy.setAll((ObjectNode) embedded);
    return copy;
  }

  private static @Nullable String identifier(JsonNode embedded) {
    JsonNode identifier = JsonLd.get(embedded, "identifier");
    return identifier == null ? null : identifier.toString();
  }

  private static String text(@Nullable String value) {
    return value == null ? "" : value;
  }
}
