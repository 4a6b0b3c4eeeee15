package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointUse;
import org.jspecify.annotations.Nullable;

/** {@code telephone}, {@code email} and {@code url} of a node to FHIR ContactPoints. */
final class TelecomMapper {

  /** The node's telephone, email and (when {@code withUrl}) url, work use. */
  List<ContactPoint> map(@Nullable JsonNode node, boolean withUrl) {
    List<ContactPoint> telecom = new ArrayList<>();
    add(telecom, ContactPointSystem.PHONE, JsonLd.text(node, "telephone"));
    add(telecom, ContactPointSystem.EMAIL, JsonLd.text(node, "email"));
    if (withUrl) {
      add(telecom, ContactPointSystem.URL, JsonLd.text(node, "url"));
    }
    return telecom;
  }

  private static void add(List<ContactPoint> telecom, ContactPointSystem system, @Nullable String value) {
    if (value != null) {
      String cleaned = system == ContactPointSystem.EMAIL ? value.replaceFirst("(?i)^mailto:", "") : value;
      telecom.add(new ContactPoint().setSystem(system).setValue(cleaned).setUse(ContactPointUse.WORK));
    }
  }
}
