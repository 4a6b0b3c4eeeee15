package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/** Classifies an item's data and finds its parent link, without mapping anything. */
final class ItemLinksReader {

  ItemLinks read(JsonNode data) {
    String type = JsonLd.type(data);
    String typeName = type == null ? "" : type;
    ItemRole role = ItemRole.ofType(typeName);
    String atId = JsonLd.id(data);
    if (role != ItemRole.CHILD) {
      return new ItemLinks(role, typeName, atId, null, null);
    }
    // A ScheduledSession names its SessionSeries in superEvent; a facility Slot in facilityUse.
    JsonNode parent = JsonLd.get(data, "superEvent", "facilityUse");
    @Nullable JsonNode embedded = parent != null && parent.isObject() ? parent : null;
    return new ItemLinks(role, typeName, atId, JsonLd.id(parent), embedded);
  }
}
