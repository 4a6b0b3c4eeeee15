package dev.activityfhir.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ActivityListTest {

  private static final String FOOTBALL = "0a5f732d-e806-4e51-ad40-0a7de0239c8c";
  private static final String SMALL_SIDED_FOOTBALL = "22fe3033-b0e4-4717-8455-599180b5bcba";
  private static final String FIVE_A_SIDE = "64ba748e-d7f0-46bd-ac49-63820c5eb10e";
  private static final String ELEVEN_A_SIDE = "117e7f70-6c42-4b1f-a3bb-620b63ea2632";
  private static final String BEAM_FIT = "f3a673fe-1c88-48c1-b3ec-9dc749934cc2";

  private final ActivityList activities = ActivityList.bundled();

  @Test
  void holdsTheWholePublishedList() {
    assertThat(activities.concepts()).hasSize(768);
    assertThat(activities.concepts().stream().filter(c -> c.parentCodes().isEmpty())).hasSize(146);
  }

  @Test
  void findsAConceptByCode() {
    Concept fiveASide = activities.byCode(FIVE_A_SIDE).orElseThrow();
    assertThat(fiveASide.prefLabel()).isEqualTo("5-a-side");
    assertThat(fiveASide.id()).isEqualTo("https://openactive.io/activity-list#" + FIVE_A_SIDE);
    assertThat(fiveASide.parentCodes()).containsExactly(SMALL_SIDED_FOOTBALL);
    assertThat(fiveASide.definition()).isEqualTo("The game of football made up of teams of 5 players");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://openactive.io/activity-list#5e78bcbe-36db-425a-9064-bf96d09cc351, Bodypump™",
    "http://openactive.io/activity-list#5e78bcbe-36db-425a-9064-bf96d09cc351, Bodypump™",
    "https://www.openactive.io/activity-list#5e78bcbe-36db-425a-9064-bf96d09cc351, Bodypump™",
    "5e78bcbe-36db-425a-9064-bf96d09cc351, Bodypump™",
    "bodypump™, Bodypump™",
    "'  FOOTBALL ', Football",
    "Fishing, Angling",
    "lawn bowls, Bowls",
    "BJJ, Brazilian jiu-jitsu"
  })
  void findsAConceptByIdOrLabel(String idOrLabel, String prefLabel) {
    assertThat(activities.byIdOrLabel(idOrLabel)).get().extracting(Concept::prefLabel).isEqualTo(prefLabel);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "General",
    "Squash Activities ST",
    "https://openactive.io/facility-types#5e78bcbe-36db-425a-9064-bf96d09cc351"
  })
  void doesNotGuessUnknownActivities(String idOrLabel) {
    assertThat(activities.byIdOrLabel(idOrLabel)).isEmpty();
  }

  @Test
  void descendantsFollowBroaderLinksTransitively() {
    assertThat(activities.selfAndDescendants(FOOTBALL))
        .contains(FOOTBALL, SMALL_SIDED_FOOTBALL, FIVE_A_SIDE, ELEVEN_A_SIDE)
        .doesNotContain(BEAM_FIT);
    assertThat(activities.selfAndDescendants(SMALL_SIDED_FOOTBALL))
        .containsExactlyInAnyOrder(
            SMALL_SIDED_FOOTBALL,
            FIVE_A_SIDE,
            "f816f3b5-3128-4421-b71a-25cc7c1e1880",
            "55e525a5-615a-4c3f-a889-9049c95c94cf",
            "19b36744-bbcd-4999-8c0d-0a7985dc475e",
            activities.byIdOrLabel("9-a-side").orElseThrow().code());
    assertThat(activities.selfAndDescendants(FIVE_A_SIDE)).containsExactly(FIVE_A_SIDE);
    assertThat(activities.selfAndDescendants("not-a-code")).isEmpty();
  }

  @Test
  void aConceptWithTwoParentsIsBelowBoth() {
    Concept beamFit = activities.byCode(BEAM_FIT).orElseThrow();
    assertThat(beamFit.parentCodes()).hasSize(2);
    for (String parent : beamFit.parentCodes()) {
      assertThat(activities.selfAndDescendants(parent)).contains(BEAM_FIT);
    }
  }

  @Test
  void everyParentLinkNamesAConceptOfTheList() {
    activities
        .concepts()
        .forEach(c -> c.parentCodes().forEach(p -> assertThat(activities.byCode(p)).isPresent()));
  }

  @Test
  void isACompleteFhirCodeSystemWithTheHierarchyAsParentProperties() {
    CodeSystem codeSystem = activities.toCodeSystem();

    assertThat(codeSystem.getUrl()).isEqualTo("https://openactive.io/activity-list");
    assertThat(codeSystem.getContent()).isEqualTo(CodeSystem.CodeSystemContentMode.COMPLETE);
    assertThat(codeSystem.getHierarchyMeaning()).isEqualTo(CodeSystem.CodeSystemHierarchyMeaning.ISA);
    assertThat(codeSystem.getCount()).isEqualTo(768);
    assertThat(codeSystem.getConcept()).hasSize(768);
    assertThat(codeSystem.getCopyright()).contains("CC-BY 4.0").contains("OpenActive");
    ConceptDefinitionComponent beamFit =
        codeSystem.getConcept().stream()
            .filter(c -> c.getCode().equals(BEAM_FIT))
            .findFirst()
            .orElseThrow();
    assertThat(beamFit.getDisplay()).isEqualTo("Beam Fit");
    assertThat(beamFit.getProperty())
        .extracting(p -> p.getCode() + "=" + ((CodeType) p.getValue()).getValue())
        .hasSize(2)
        .allMatch(s -> s.startsWith("parent="));
    ConceptDefinitionComponent angling =
        codeSystem.getConcept().stream()
            .filter(c -> c.getDisplay().equals("Angling"))
            .findFirst()
            .orElseThrow();
    assertThat(angling.getDesignation()).extracting(d -> d.getValue()).containsExactly("Fishing");
  }
}
