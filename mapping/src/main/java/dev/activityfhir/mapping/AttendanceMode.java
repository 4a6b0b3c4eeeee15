package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.jspecify.annotations.Nullable;

/**
 * Whether an opportunity is attended in person, online or either way: {@code eventAttendanceMode}
 * ({@code OfflineEventAttendanceMode}, {@code OnlineEventAttendanceMode}, {@code
 * MixedEventAttendanceMode}, as URIs, CURIEs or bare names; {@code Online}/{@code Mixed} too). When
 * absent, a {@code virtualLocation} without a {@code location} means online and both mean mixed;
 * otherwise in person, the OpenActive default.
 */
public enum AttendanceMode {
  IN_PERSON("in-person", "In person"),
  ONLINE("online", "Online"),
  MIXED("mixed", "Online or in person");

  /** Code system of attendance modes, on {@code HealthcareService.characteristic}. */
  public static final String SYSTEM = "https://activityfhir.dev/fhir/CodeSystem/attendance-mode";

  private final String code;
  private final String display;

  AttendanceMode(String code, String display) {
    this.code = code;
    this.display = display;
  }

  /** The mode of an item (with what it inherits). */
  static AttendanceMode of(JsonNode view) {
    String mode = JsonLd.text(view, "eventAttendanceMode", "beta:eventAttendanceMode");
    if (mode != null) {
      String name = JsonLd.localName(mode).toLowerCase(Locale.ROOT);
      if (name.startsWith("online")) {
        return ONLINE;
      }
      if (name.startsWith("mixed")) {
        return MIXED;
      }
      if (name.startsWith("offline")) {
        return IN_PERSON;
      }
    }
    if (JsonLd.get(view, "virtualLocation", "beta:virtualLocation") != null) {
      return JsonLd.get(view, "location") == null ? ONLINE : MIXED;
    }
    return IN_PERSON;
  }

  /** Whether people can take part online. */
  boolean online() {
    return this != IN_PERSON;
  }

  /** Extension (valueUrl) on a HealthcareService or Slot: where to join online. */
  public static final String VIRTUAL_LOCATION_URL =
      "https://activityfhir.dev/fhir/StructureDefinition/virtual-location";

  /** The URL of the {@code virtualLocation} (or {@code beta:virtualLocation}): a URL or its url. */
  static @Nullable String virtualLocation(JsonNode view) {
    JsonNode virtual = JsonLd.get(view, "virtualLocation", "beta:virtualLocation");
    if (virtual == null) {
      return null;
    }
    String url = virtual.isTextual() ? virtual.asText() : JsonLd.text(virtual, "url", "@id", "id");
    return WebAddress.of(url);
  }

  CodeableConcept characteristic() {
    return CharacteristicMapper.coded(SYSTEM, code, display);
  }
}
