package dev.activityfhir.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every resource mapped from every real example validates against FHIR R4 with zero errors. */
class ExamplesValidationTest {

  private final OpenActiveMapper mapper = OpenActiveMapper.withBundledVocabularies();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sessionseries_example_1.json",
        "sessionseries-split_example_1.json",
        "sessionseries-eventseries-split_example_1.json",
        "event_example_1.json",
        "courseinstance_example_1.json",
        "facilityuse_example_1.json"
      })
  void parentExamplesValidate(String example) {
    for (OpenActiveItem item : Examples.items(example)) {
      assertValid(MessyData.resources(mapper, item, mapper.mapParent(item)));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "scheduledsession-split_example_1.json:sessionseries-split_example_1.json",
        "scheduledsession_example_1.json:",
        "slot_example_1.json:facilityuse_example_1.json"
      })
  void childExamplesValidate(String pair) {
    String[] names = pair.split(":", -1);
    OpenActiveItem child = Examples.first(names[0]);
    OpenActiveItem parent =
        names[1].isEmpty() ? Examples.embeddedParent(child) : Examples.first(names[1]);
    Slot slot = mapper.mapChild(child, parent);
    assertValid(List.of(slot, mapper.mapSchedule(parent, List.of(slot))));
  }

  @org.junit.jupiter.api.Test
  void theOnlyWarningsLeftAreTheMissingNarratives() {
    OpenActiveItem item = Examples.first("sessionseries_example_1.json");
    MappedParent mapped = mapper.mapParent(item);
    for (IBaseResource resource : MessyData.resources(mapper, item, mapped)) {
      assertThat(FhirValidation.warnings(resource))
          .as(resource.fhirType())
          .allMatch(w -> w.contains("dom-6"));
    }
  }

  @org.junit.jupiter.api.Test
  void theValidatorIsNotVacuous() {
    // A Slot without status, schedule, start and end breaks four cardinality rules.
    assertThat(FhirValidation.errors(new Slot())).hasSizeGreaterThanOrEqualTo(4);
  }

  @org.junit.jupiter.api.Test
  void vocabularyCodeSystemsValidate() {
    assertValid(
        List.of(
            ActivityList.bundled().toCodeSystem(),
            AccessibilitySupportList.bundled().toCodeSystem()));
  }

  private static void assertValid(List<? extends IBaseResource> resources) {
    for (IBaseResource resource : resources) {
      assertThat(FhirValidation.errors(resource))
          .as(
              "%s %s",
              resource.fhirType(),
              FhirValidation.CONTEXT
                  .newJsonParser()
                  .setPrettyPrint(true)
                  .encodeResourceToString(resource))
          .isEmpty();
    }
  }
}
