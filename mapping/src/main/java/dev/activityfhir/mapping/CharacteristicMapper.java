package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.jspecify.annotations.Nullable;

/**
 * {@code accessibilitySupport}, {@code level} (and {@code beta:level}, {@code imin:level}), {@code
 * beta:isWheelchairAccessible}, {@code isCoached} (or {@code beta:hasCoaching}), the venue's {@code
 * amenityFeature} and the attendance mode to {@code HealthcareService.characteristic}.
 */
public final class CharacteristicMapper {

  /** Code system of levels; code = lower-kebab label ({@code beginner}). */
  public static final String LEVEL_SYSTEM = "https://activityfhir.dev/fhir/CodeSystem/level";

  /** Code system of access features ({@code wheelchair-accessible}). */
  public static final String ACCESS_FEATURE_SYSTEM =
      "https://activityfhir.dev/fhir/CodeSystem/access-feature";

  /** Code system of session features ({@code coached}, {@code not-coached}). */
  public static final String SESSION_FEATURE_SYSTEM =
      "https://activityfhir.dev/fhir/CodeSystem/session-feature";

  /** Code system of venue amenities ({@code changing-facilities}, {@code parking}, ...). */
  public static final String AMENITY_SYSTEM = "https://activityfhir.dev/fhir/CodeSystem/amenity";

  /** OpenActive amenity types (schema.org LocationFeatureSpecification subtypes) to our codes. */
  private static final Map<String, String[]> AMENITIES =
      Map.of(
          "changingfacilities", new String[] {"changing-facilities", "Changing facilities"},
          "showers", new String[] {"showers", "Showers"},
          "lockers", new String[] {"lockers", "Lockers"},
          "towels", new String[] {"towels", "Towels"},
          "creche", new String[] {"creche", "Creche"},
          "parking", new String[] {"parking", "Parking"},
          "toilets", new String[] {"toilets", "Toilets"},
          "babychanging", new String[] {"baby-changing", "Baby changing"});

  private final AccessibilitySupportList accessibility;

  CharacteristicMapper(AccessibilitySupportList accessibility) {
    this.accessibility = accessibility;
  }

  List<CodeableConcept> map(JsonNode view) {
    List<CodeableConcept> characteristics = new ArrayList<>();
    for (JsonNode support : JsonLd.list(view, "accessibilitySupport")) {
      accessibility(support).ifPresent(characteristics::add);
    }
    Set<String> levels = new HashSet<>();
    for (JsonNode level : JsonLd.all(view, "level", "beta:level", "imin:level")) {
      level(level)
          .filter(c -> levels.add(c.getText().toLowerCase(Locale.ROOT)))
          .ifPresent(characteristics::add);
    }
    if (Boolean.TRUE.equals(
        JsonLd.bool(view, "beta:isWheelchairAccessible", "isWheelchairAccessible"))) {
      characteristics.add(
          coded(ACCESS_FEATURE_SYSTEM, "wheelchair-accessible", "Wheelchair accessible"));
    }
    Boolean coached = JsonLd.bool(view, "isCoached", "beta:hasCoaching", "beta:isCoached");
    if (coached != null) {
      characteristics.add(
          coached
              ? coded(SESSION_FEATURE_SYSTEM, "coached", "Coached")
              : coded(SESSION_FEATURE_SYSTEM, "not-coached", "Not coached"));
    }
    amenities(view, characteristics);
    characteristics.add(AttendanceMode.of(view).characteristic());
    return characteristics;
  }

  /**
   * The amenities of the venue (its {@code amenityFeature}, also read on the item): one
   * characteristic per feature whose {@code value} is not false; unknown feature types by name, as
   * text.
   */
  private static void amenities(JsonNode view, List<CodeableConcept> characteristics) {
    JsonNode place = JsonLd.get(view, "location");
    List<JsonNode> features = new ArrayList<>(JsonLd.list(place, "amenityFeature"));
    features.addAll(JsonLd.list(view, "amenityFeature"));
    Set<String> seen = new HashSet<>();
    for (JsonNode feature : features) {
      if (!feature.isObject() || Boolean.FALSE.equals(JsonLd.bool(feature, "value"))) {
        continue;
      }
      String type = JsonLd.type(feature);
      String[] known = type == null ? null : AMENITIES.get(type.toLowerCase(Locale.ROOT));
      String name = JsonLd.text(feature, "name");
      if (known != null && seen.add(known[0])) {
        characteristics.add(coded(AMENITY_SYSTEM, known[0], known[1]));
      } else if (known == null && name != null && seen.add(name.toLowerCase(Locale.ROOT))) {
        characteristics.add(new CodeableConcept().setText(name));
      }
    }
  }

  private Optional<CodeableConcept> accessibility(JsonNode support) {
    String label =
        support.isTextual() ? support.asText().trim() : JsonLd.text(support, "prefLabel");
    String id = support.isTextual() ? null : JsonLd.id(support);
    Optional<Concept> concept = id == null ? Optional.empty() : accessibility.byIdOrLabel(id);
    if (concept.isEmpty() && label != null) {
      concept = accessibility.byIdOrLabel(label);
    }
    if (concept.isPresent()) {
      return Optional.of(
          coded(AccessibilitySupportList.SYSTEM, concept.get().code(), concept.get().prefLabel()));
    }
    return label == null ? Optional.empty() : Optional.of(new CodeableConcept().setText(label));
  }

  private static Optional<CodeableConcept> level(JsonNode level) {
    @Nullable String label =
        level.isTextual() ? level.asText().trim() : JsonLd.text(level, "prefLabel", "name");
    if (label == null || label.isEmpty()) {
      return Optional.empty();
    }
    String code =
        label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return code.isEmpty()
        ? Optional.of(new CodeableConcept().setText(label))
        : Optional.of(coded(LEVEL_SYSTEM, code, label));
  }

  static CodeableConcept coded(String system, String code, String display) {
    CodeableConcept concept = new CodeableConcept();
    concept.addCoding().setSystem(system).setCode(code).setDisplay(display);
    return concept.setText(display);
  }
}
