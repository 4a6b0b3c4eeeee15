package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.jspecify.annotations.Nullable;

/**
 * {@code activity} (Concepts, bare labels or ids) to CodeableConcepts coded with the activity list.
 * Known by id, else by case-insensitive preferred or alternative label; anything else is kept as
 * text, never guessed. The display is always the list's prefLabel, not the publisher's spelling.
 */
final class ActivityMapper {

  private final ActivityList activities;

  ActivityMapper(ActivityList activities) {
    this.activities = activities;
  }

  /**
   * The service types of an opportunity: its activities, then its {@code facilityType} concepts
   * (facility-types scheme, coded by fragment) for facilities that name no activity.
   */
  List<CodeableConcept> serviceTypes(JsonNode view) {
    List<CodeableConcept> types = map(view);
    for (JsonNode facilityType : JsonLd.list(view, "facilityType")) {
      facilityType(facilityType).ifPresent(types::add);
    }
    return types;
  }

  /** One CodeableConcept per distinct activity of {@code view.activity}. */
  List<CodeableConcept> map(JsonNode view) {
    List<CodeableConcept> result = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (JsonNode activity : JsonLd.list(view, "activity")) {
      CodeableConcept concept = one(activity);
      if (concept != null && seen.add(concept.hasCoding() ? concept.getCodingFirstRep().getCode() : concept.getText())) {
        result.add(concept);
      }
    }
    return result;
  }

  private @Nullable CodeableConcept one(JsonNode activity) {
    String label = activity.isTextual() ? activity.asText().trim() : JsonLd.text(activity, "prefLabel");
    String id = activity.isTextual() ? null : JsonLd.id(activity);
    Optional<Concept> concept = Optional.empty();
    if (id != null) {
      concept = activities.byIdOrLabel(id);
    }
    if (concept.isEmpty() && label != null) {
      concept = activities.byIdOrLabel(label);
    }
    if (concept.isPresent()) {
      return coded(concept.get());
    }
    return label == null || label.isEmpty() ? null : new CodeableConcept().setText(label);
  }

  private static Optional<CodeableConcept> facilityType(JsonNode facilityType) {
    String label =
        facilityType.isTextual() ? facilityType.asText().trim() : JsonLd.text(facilityType, "prefLabel");
    String id = facilityType.isTextual() ? null : JsonLd.id(facilityType);
    CodeableConcept concept = new CodeableConcept().setText(label);
    int hash = id == null ? -1 : id.indexOf('#');
    if (id != null && hash > 0 && hash < id.length() - 1) {
      concept
          .addCoding()
          .setSystem(id.substring(0, hash).replaceFirst("^http://", "https://"))
          .setCode(id.substring(hash + 1))
          .setDisplay(label);
    }
    return label != null || concept.hasCoding() ? Optional.of(concept) : Optional.empty();
  }

  /** The CodeableConcept of a known activity. */
  static CodeableConcept coded(Concept concept) {
    CodeableConcept codeable = new CodeableConcept();
    codeable.addCoding().setSystem(ActivityList.SYSTEM).setCode(concept.code()).setDisplay(concept.prefLabel());
    return codeable.setText(concept.prefLabel());
  }
}
