package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Identifier;
import org.jspecify.annotations.Nullable;

/**
 * The publisher's own {@code identifier} (a string, a number, or a PropertyValue or a list of them)
 * to FHIR identifiers. A local identifier means something only within its publisher's system, so
 * its {@code system} is the feed it came from; a PropertyValue's {@code propertyID} (else {@code
 * name}) says which of the publisher's identifiers it is and becomes {@code type.text}. Items
 * published without {@code @id} stay findable and traceable by it.
 */
final class PublisherIdentifiers {

  private PublisherIdentifiers() {}

  /** The identifiers of {@code data} (never inherited), with {@code feedUrl} as their system. */
  static List<Identifier> of(JsonNode data, String feedUrl) {
    List<Identifier> identifiers = new ArrayList<>();
    String system = WebAddress.of(feedUrl);
    for (JsonNode value : JsonLd.list(data, "identifier")) {
      Identifier identifier = identifier(value, system);
      if (identifier != null) {
        identifiers.add(identifier);
      }
    }
    return identifiers;
  }

  private static @Nullable Identifier identifier(JsonNode value, @Nullable String system) {
    String text;
    String kind = null;
    if (value.isValueNode()) {
      text = value.asText().trim();
    } else {
      text = JsonLd.text(value, "value", "@value");
      kind = JsonLd.text(value, "propertyID", "name");
    }
    if (text == null || text.isEmpty()) {
      return null;
    }
    Identifier identifier = new Identifier().setSystem(system).setValue(text);
    if (kind != null) {
      identifier.getType().setText(kind);
    }
    return identifier;
  }
}
