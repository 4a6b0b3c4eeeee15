package dev.activityfhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.conformance.ConformanceResources;
import dev.activityfhir.conformance.FhirValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.Test;

/**
 * Every resource the directory publishes from the demo dataset validates against its profile in the
 * FHIR package (with UK Core loaded, as a client's validator would): zero errors.
 *
 * <p>Slots are thousands of copies of a few shapes (the same elements and extensions, other
 * dates and counts), so one Slot of each shape is validated; every other resource is validated
 * whole. Validating all of them takes minutes and checks nothing more.
 */
class DemoProfileValidationIT {

  @Test
  void everyDemoResourceValidatesAgainstItsProfile() {
    Map<String, Resource> published = new LinkedHashMap<>();
    DemoData.load(
        changes -> {
          changes.upserts().forEach(r -> published.put(r.fhirType() + "/" + r.getIdPart(), r));
          changes.deletions().forEach(published::remove);
        });
    ConformanceResources conformance = ConformanceResources.bundled();
    Map<String, String> profiles = new TreeMap<>();
    for (CapabilityStatementRestResourceComponent type :
        conformance.capabilityStatement().getRestFirstRep().getResource()) {
      type.getSupportedProfile().forEach(p -> profiles.put(type.getType(), p.getValue()));
    }
    FhirValidation validation =
        new FhirValidation(conformance, List.of(), List.of(FhirValidation.UK_CORE_PACKAGE));

    Map<String, Integer> counts = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    Set<String> slotShapes = new HashSet<>();
    for (Resource resource : published.values()) {
      if (resource instanceof Slot slot && !slotShapes.add(shape(slot))) {
        continue;
      }
      String profile = profiles.get(resource.fhirType());
      assertThat(profile).as("profile for " + resource.fhirType()).isNotNull();
      counts.merge(resource.fhirType(), 1, Integer::sum);
      validation.errors(resource, profile).stream()
          .limit(3)
          .forEach(e -> errors.add(resource.fhirType() + "/" + resource.getIdPart() + " " + e));
    }

    assertThat(counts.keySet())
        .containsExactly("HealthcareService", "Location", "Organization", "Schedule", "Slot");
    assertThat(counts.get("HealthcareService")).isGreaterThanOrEqualTo(300);
    assertThat(counts.get("Slot")).as("Slot shapes").isBetween(2, 100);
    assertThat(errors).as("validation errors").isEmpty();
  }

  /** What makes two Slots validate alike: status, which elements and extensions are present. */
  private static String shape(Slot slot) {
    return slot.getStatus()
        + " "
        + slot.getExtension().stream().map(e -> e.getUrl()).sorted().toList()
        + " comment="
        + slot.hasComment()
        + " identifier="
        + slot.hasIdentifier()
        + " serviceType="
        + slot.hasServiceType();
  }
}
