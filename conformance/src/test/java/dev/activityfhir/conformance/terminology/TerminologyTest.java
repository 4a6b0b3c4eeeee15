package dev.activityfhir.conformance.terminology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activityfhir.conformance.ConformanceResources;
import java.util.List;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerminologyTest {

  private static final String ACTIVITIES = "https://openactive.io/activity-list";
  private static final String ACTIVITY_VS = "https://activityfhir.dev/fhir/ValueSet/activity-list";
  private static final String SWIMMING = "2750229d-b725-4171-9276-376be913957c";
  private static final String AQUA_PARK = "f9561840-a117-40cc-b7f8-52a7df9d5e83";
  private static final String OPEN_WATER = "66063501-0e05-4c45-8209-4291dfe875aa";
  private static final String FOOTBALL = "0a5f732d-e806-4e51-ad40-0a7de0239c8c";
  private static final String WALKING_FOOTBALL = "b8019b67-2ade-406f-a012-91a5c3869652";
  private static final String YOGA = "bf1a5e00-cdcf-465d-8c5a-6f57040b7f7e";

  private final Terminology terminology = Terminology.of(ConformanceResources.bundled());

  @Test
  void typeAheadFindsSwimmingItsChildrenAndSynonyms() {
    ValueSet expanded = terminology.expand(ACTIVITY_VS, "swim", 0, null);
    List<String> displays = displays(expanded);
    assertThat(displays)
        .startsWith("Swimfit", "Swimming", "Swimming Lessons")
        .contains("Open Water Swimming", "Synchronised Swimming", "Cold Water Swimming")
        // below Swimming without "swim" in its name
        .contains("Aqua Park");
    assertThat(codes(expanded)).contains(SWIMMING, AQUA_PARK);
    assertThat(expanded.getExpansion().getTotal()).isEqualTo(displays.size());

    // "Wild Swimming" is a synonym of Open Water Swimming
    assertThat(displays(terminology.expand(ACTIVITY_VS, "wild", 0, null)))
        .contains("Open Water Swimming");
  }

  @Test
  void expansionPagesWithCountAndOffset() {
    ValueSet all = terminology.expand(ACTIVITY_VS, null, 0, null);
    assertThat(all.getExpansion().getTotal()).isEqualTo(768);
    ValueSet page = terminology.expand(ACTIVITY_VS, null, 10, 5);
    assertThat(page.getExpansion().getTotal()).isEqualTo(768);
    assertThat(page.getExpansion().getOffset()).isEqualTo(10);
    assertThat(codes(page)).isEqualTo(codes(all).subList(10, 15));
    assertThat(terminology.expand(ACTIVITY_VS, "swim", 100, 10).getExpansion().getContains())
        .isEmpty();
  }

  @Test
  void lookupGivesDisplayDefinitionSynonymsAndHierarchy() {
    Parameters swimming = terminology.lookup(ACTIVITIES, SWIMMING);
    assertThat(swimming.getParameter("display").getValue().primitiveValue()).isEqualTo("Swimming");
    assertThat(swimming.getParameter("name").getValue().primitiveValue())
        .isEqualTo("OpenActiveActivityList");
    assertThat(swimming.getParameter("definition").getValue().primitiveValue())
        .startsWith("Swimming is an excellent");
    assertThat(swimming.getParameters("property"))
        .filteredOn(p -> p.getPart().get(0).getValue().primitiveValue().equals("child"))
        .extracting(p -> p.getPart().get(1).getValue().primitiveValue())
        .hasSize(6)
        .contains(AQUA_PARK, OPEN_WATER);
    Parameters openWater = terminology.lookup(ACTIVITIES, OPEN_WATER);
    assertThat(openWater.getParameters("designation"))
        .extracting(d -> d.getPart().get(d.getPart().size() - 1).getValue().primitiveValue())
        .containsExactly("Outdoor Swimming", "Wild Swimming");
  }

  @ParameterizedTest
  @CsvSource({
    FOOTBALL + ", " + WALKING_FOOTBALL + ", subsumes",
    WALKING_FOOTBALL + ", " + FOOTBALL + ", subsumed-by",
    SWIMMING + ", " + YOGA + ", not-subsumed",
    SWIMMING + ", " + SWIMMING + ", equivalent",
  })
  void subsumesFollowsTheHierarchy(String codeA, String codeB, String outcome) {
    assertThat(
            terminology
                .subsumes(ACTIVITIES, codeA, codeB)
                .getParameter("outcome")
                .getValue()
                .primitiveValue())
        .isEqualTo(outcome);
  }

  @Test
  void validateCodeChecksCodeAndDisplay() {
    assertThat(bool(terminology.validateCode(ACTIVITIES, YOGA, "Yoga"))).isTrue();
    assertThat(bool(terminology.validateCode(ACTIVITIES, YOGA, "Pilates"))).isFalse();
    assertThat(bool(terminology.validateCode(ACTIVITIES, "no-such-code", null))).isFalse();
    assertThat(bool(terminology.validateCodeInValueSet(ACTIVITY_VS, ACTIVITIES, YOGA, null)))
        .isTrue();
    assertThat(
            bool(
                terminology.validateCodeInValueSet(
                    "https://activityfhir.dev/fhir/ValueSet/referral-business-status",
                    null,
                    "booked",
                    "Booked")))
        .isTrue();
    assertThat(
            bool(
                terminology.validateCodeInValueSet(
                    "https://activityfhir.dev/fhir/ValueSet/referral-business-status",
                    null,
                    YOGA,
                    null)))
        .isFalse();
  }

  @Test
  void unknownSystemsAndCodesAreNotFoundMissingParametersInvalid() {
    assertThatThrownBy(() -> terminology.lookup("https://example.org/nope", "x"))
        .isInstanceOfSatisfying(
            TerminologyException.class,
            e -> assertThat(e.kind()).isEqualTo(TerminologyException.Kind.NOT_FOUND));
    assertThatThrownBy(() -> terminology.lookup(ACTIVITIES, "nope"))
        .isInstanceOfSatisfying(
            TerminologyException.class, e -> assertThat(e.parameter()).isEqualTo("code"));
    assertThatThrownBy(() -> terminology.subsumes(ACTIVITIES, SWIMMING, null))
        .isInstanceOfSatisfying(
            TerminologyException.class,
            e -> assertThat(e.kind()).isEqualTo(TerminologyException.Kind.INVALID));
    assertThatThrownBy(() -> terminology.expand(ACTIVITY_VS, null, -1, null))
        .isInstanceOf(TerminologyException.class)
        .hasMessageContaining("offset");
  }

  private static boolean bool(Parameters parameters) {
    return Boolean.parseBoolean(parameters.getParameter("result").getValue().primitiveValue());
  }

  private static List<String> displays(ValueSet expanded) {
    return expanded.getExpansion().getContains().stream()
        .map(ValueSetExpansionContainsComponent::getDisplay)
        .toList();
  }

  private static List<String> codes(ValueSet expanded) {
    return expanded.getExpansion().getContains().stream()
        .map(ValueSetExpansionContainsComponent::getCode)
        .toList();
  }
}
