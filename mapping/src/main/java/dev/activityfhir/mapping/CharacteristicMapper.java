package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.jspecify.annotations.Nullable;

/**
 * {@code accessibilitySupport}, {@code level} and {@code beta:isWheelchairAccessible} to {@code
 * HealthcareService.characteristic}.
 */
public final class CharacteristicMapper {

  /** Code system of levels; code = lower-kebab label ({@code beginner}). */
  public static final String LEVEL_SYSTEM = "https://activityfhir.dev/fhir/CodeSystem/level";

  /** Code system of access features ({@code wheelchair-accessible}). */
  public static final String ACCESS_FEATURE_SYSTEM =
      "https://activityfhir.dev/fhir/CodeSystem/access-feature";

  private final AccessibilitySupportList accessibility;

  CharacteristicMapper(AccessibilitySupportList accessibility) {
    this.accessibility = accessibility;
  }

  List<CodeableConcept> map(JsonNode view) {
    List<CodeableConcept> characteristics = new ArrayList<>();
    for (JsonNode support : JsonLd.list(view, "accessibilitySupport")) {
      accessibility(support).ifPresent(characteristics::add);
    }
    for (JsonNode level : JsonLd.list(view, "level", "imin:level")) {
      level(level).ifPresent(characteristics::add);
    }
    if (Boolean.TRUE.equals(JsonLd.bool(view, "beta:isWheelchairAccessible", "isWheelchairAccessible"))) {
      characteristics.add(coded(ACCESS_FEATURE_SYSTEM, "wheelchair-accessible", "Wheelchair accessible"));
    }
    return characteristics;
  }

  private Optional<CodeableConcept> accessibility(JsonNode support) {
    String label = support.isTextual() ? support.asText().trim() : JsonLd.text(support, "prefLabel");
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
    String code = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return code.isEmpty()
        ? Optional.of(new CodeableConcept().setText(label))
        : Optional.of(coded(LEVEL_SYSTEM, code, label));
  }

  private static CodeableConcept coded(String system, String code, String display) {
    CodeableConcept concept = new CodeableConcept();
    concept.addCoding().setSystem(system).setCode(code).setDisplay(display);
    return concept.setText(display);
  }
}
