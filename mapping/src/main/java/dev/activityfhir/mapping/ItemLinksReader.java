package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Classifies an item's data and finds its parent link, without mapping anything. */
final class ItemLinksReader {

  ItemLinks read(JsonNode published) {
    JsonNode data = Wrappers.unwrap(published);
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
    String parentAtId = JsonLd.id(parent);
    if (parentAtId == null && embedded != null && ItemRole.ofType(typeOf(embedded)) == ItemRole.PARENT) {
      parentAtId = EmbeddedParents.key(embedded);
    }
    return new ItemLinks(role, typeName, atId, parentAtId, embedded);
  }

  private static String typeOf(JsonNode node) {
    String type = JsonLd.type(node);
    return type == null ? "" : type;
  }

  /** The {@code @id}s of the IndividualFacilityUses embedded in a FacilityUse. */
  List<String> embeddedParentIds(JsonNode published) {
    JsonNode data = Wrappers.unwrap(published);
    List<String> ids = new ArrayList<>();
    if ("FacilityUse".equalsIgnoreCase(JsonLd.type(data))) {
      for (JsonNode individual : JsonLd.list(data, "individualFacilityUse")) {
        String id = JsonLd.id(individual);
        if (id != null) {
          ids.add(id);
        }
      }
    }
    return ids;
  }
}
