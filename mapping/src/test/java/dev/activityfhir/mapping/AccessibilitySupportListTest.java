package dev.activityfhir.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CodeSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessibilitySupportListTest {

  private final AccessibilitySupportList accessibility = AccessibilitySupportList.bundled();

  @Test
  void holdsTheSixDraftConcepts() {
    assertThat(accessibility.concepts())
        .extracting(Concept::prefLabel)
        .containsExactly(
            "Visual impairment",
            "Hearing impairment",
            "Physical impairment",
            "Learning impairment",
            "Mental health issues",
            "Social or behavioural problems");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://openactive.io/accessibility-support#1393f2dc-3fcc-4be9-a99f-f1e51f5ad277",
        "http://openactive.io/accessibility-support#1393f2dc-3fcc-4be9-a99f-f1e51f5ad277",
        "1393f2dc-3fcc-4be9-a99f-f1e51f5ad277",
        "visual impairment"
      })
  void findsVisualImpairment(String idOrLabel) {
    assertThat(accessibility.byIdOrLabel(idOrLabel))
        .get()
        .extracting(Concept::code)
        .isEqualTo("1393f2dc-3fcc-4be9-a99f-f1e51f5ad277");
  }

  @Test
  void isACompleteCodeSystem() {
    CodeSystem codeSystem = accessibility.toCodeSystem();
    assertThat(codeSystem.getUrl()).isEqualTo("https://openactive.io/accessibility-support");
    assertThat(codeSystem.getCount()).isEqualTo(6);
    assertThat(codeSystem.getConceptFirstRep().getDisplay()).isEqualTo("Visual impairment");
  }
}
