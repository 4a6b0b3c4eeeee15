package dev.activityfhir.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConformanceResourcesTest {

  private static final String SD = "https://activityfhir.dev/fhir/StructureDefinition/";
  private static final String SSL = "http://fhir-registry.smarthealthit.org/StructureDefinition/";
  private static final Path SOURCE_FOLDER =
      Path.of("src/main/resources/dev/activityfhir/conformance");

  private final ConformanceResources resources = ConformanceResources.bundled();

  @Test
  void indexListsEveryResourceFileOfTheSourceFolder() throws IOException {
    List<String> onDisk;
    try (Stream<Path> files = Files.walk(SOURCE_FOLDER)) {
      onDisk =
          files
              .filter(p -> p.toString().endsWith(".json"))
              .map(p -> SOURCE_FOLDER.relativize(p).toString().replace('\\', '/'))
              .sorted()
              .toList();
    }
    List<String> indexed =
        Files.readAllLines(SOURCE_FOLDER.resolve("index.txt")).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .sorted()
            .toList();
    assertThat(indexed).isEqualTo(onDisk).hasSize(61);
  }

  @ParameterizedTest
  @CsvSource({
    "HealthcareService, activity-healthcareservice",
    "Location, activity-location",
    "Organization, activity-organization",
    "Schedule, activity-schedule",
    "Slot, activity-slot",
    "ServiceRequest, referral-servicerequest",
    "Patient, referral-patient",
    "Consent, referral-consent",
    "Task, referral-task",
  })
  void eachServedTypeHasOneProfile(String type, String profile) {
    assertThat(resources.profileOf(type)).contains(SD + profile);
  }

  @Test
  void aTypeWithoutAProfileHasNone() {
    assertThat(resources.profileOf("AuditEvent")).isEmpty();
    assertThat(resources.profileOf("Extension")).isEmpty();
  }

  @Test
  void loadsEveryKindOfResource() {
    assertThat(resources.structureDefinitions())
        .extracting(StructureDefinition::getUrl)
        .containsExactlyInAnyOrder(
            SD + "activity-healthcareservice",
            SD + "activity-location",
            SD + "activity-organization",
            SD + "activity-schedule",
            SD + "activity-slot",
            SD + "referral-servicerequest",
            SD + "referral-patient",
            SD + "referral-consent",
            SD + "referral-task",
            SD + "assumed",
            SSL + "booking-deep-link",
            SD + "eligible-age-range",
            SD + "maximum-capacity",
            SD + "offer",
            SD + "openactive-attribution",
            SSL + "slot-capacity",
            SD + "virtual-capacity",
            SD + "virtual-location");
    assertThat(resources.codeSystems())
        .extracting(CodeSystem::getUrl)
        .containsExactlyInAnyOrder(
            "https://activityfhir.dev/fhir/CodeSystem/access-feature",
            "https://openactive.io/accessibility-support",
            "https://openactive.io/activity-list",
            "https://activityfhir.dev/fhir/CodeSystem/eligibility-criterion",
            "https://activityfhir.dev/fhir/CodeSystem/gender-restriction",
            "https://activityfhir.dev/fhir/CodeSystem/level",
            "https://activityfhir.dev/fhir/CodeSystem/referral-business-status",
            "https://activityfhir.dev/fhir/CodeSystem/service-category",
            "https://activityfhir.dev/fhir/CodeSystem/attendance-mode",
            "https://activityfhir.dev/fhir/CodeSystem/amenity",
            "https://activityfhir.dev/fhir/CodeSystem/session-feature",
            "https://activityfhir.dev/fhir/CodeSystem/slot-origin");
    assertThat(resources.valueSets())
        .extracting(ValueSet::getUrl)
        .containsExactlyInAnyOrder(
            "https://activityfhir.dev/fhir/ValueSet/gender-restriction",
            "https://activityfhir.dev/fhir/ValueSet/accessibility-support",
            "https://activityfhir.dev/fhir/ValueSet/activity-list",
            "https://activityfhir.dev/fhir/ValueSet/referral-business-status");
    assertThat(resources.searchParameters()).hasSize(28);
    assertThat(resources.implementationGuide().getUrl())
        .isEqualTo("https://activityfhir.dev/fhir/ImplementationGuide/activity-fhir");
    assertThat(resources.capabilityStatement().getUrl())
        .isEqualTo("https://activityfhir.dev/fhir/CapabilityStatement/activity-fhir-server");
    assertThat(resources.all()).hasSize(64);
    assertThat(ConformanceResources.bundled()).isSameAs(resources);
  }

  @Test
  void everyResourceIsActiveAndPublishedByTheProject() {
    for (MetadataResource resource : resources.all()) {
      assertThat(resource.getStatus()).as(resource.getUrl()).isEqualTo(PublicationStatus.ACTIVE);
      assertThat(resource.getVersion())
          .as(resource.getUrl())
          .isEqualTo(resources.packageId().version());
      assertThat(resource.getPublisher()).as(resource.getUrl()).contains("Activity FHIR project");
      assertThat(resource.getUrl()).as("url ends with the id").endsWith("/" + resource.getIdPart());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "offer, HealthcareService|Slot, ",
    "eligible-age-range, HealthcareService.eligibility, Range",
    "assumed, Element, boolean",
    "maximum-capacity, Slot, integer",
    "openactive-attribution, DomainResource, ",
    "slot-capacity, Slot, integer",
    "booking-deep-link, Slot, url",
    "virtual-capacity, Slot, integer",
    "virtual-location, HealthcareService|Slot, url",
  })
  void extensionsAreConstrainedExtensionsWithSnapshots(
      String id, String context, String valueType) {
    StructureDefinition sd =
        resources.structureDefinitions().stream()
            .filter(s -> s.getIdPart().equals(id))
            .findFirst()
            .orElseThrow();
    assertThat(sd.getKind()).isEqualTo(StructureDefinition.StructureDefinitionKind.COMPLEXTYPE);
    assertThat(sd.getType()).isEqualTo("Extension");
    assertThat(sd.getDerivation()).isEqualTo(StructureDefinition.TypeDerivationRule.CONSTRAINT);
    assertThat(sd.getBaseDefinition())
        .isEqualTo("http://hl7.org/fhir/StructureDefinition/Extension");
    assertThat(sd.getFhirVersion().toCode()).isEqualTo("4.0.1");
    assertThat(sd.getContext())
        .allSatisfy(
            c -> assertThat(c.getType()).isEqualTo(StructureDefinition.ExtensionContextType.ELEMENT))
        .extracting(c -> c.getExpression())
        .containsExactly(context.split("\\|"));
    assertThat(sd.getDifferential().getElement()).isNotEmpty();
    ElementDefinition url = snapshotElement(sd, "Extension.url");
    assertThat(url.getFixed().primitiveValue()).isEqualTo(sd.getUrl());
    ElementDefinition value = snapshotElement(sd, "Extension.value[x]");
    if (valueType == null) {
      assertThat(value.getMax()).isEqualTo("0");
    } else {
      assertThat(value.getMin()).isEqualTo(1);
      assertThat(value.getType()).singleElement().extracting(t -> t.getCode()).isEqualTo(valueType);
    }
  }

  @Test
  void offerSnapshotHasItsFourSlicesWithTheirTypes() {
    StructureDefinition offer =
        resources.byUrl(SD + "offer", StructureDefinition.class).orElseThrow();
    assertThat(
            snapshotElement(offer, "Extension.extension:name.value[x]").getTypeFirstRep().getCode())
        .isEqualTo("string");
    ElementDefinition price = snapshotElement(offer, "Extension.extension:price");
    assertThat(price.getMin()).isEqualTo(1);
    assertThat(
            snapshotElement(offer, "Extension.extension:price.value[x]")
                .getTypeFirstRep()
                .getCode())
        .isEqualTo("Money");
    assertThat(
            snapshotElement(offer, "Extension.extension:url.value[x]").getTypeFirstRep().getCode())
        .isEqualTo("url");
    assertThat(
            snapshotElement(offer, "Extension.extension:ageRange.value[x]")
                .getTypeFirstRep()
                .getCode())
        .isEqualTo("Range");
    assertThat(
            snapshotElement(offer, "Extension.extension:ageRange.url").getFixed().primitiveValue())
        .isEqualTo("ageRange");
  }

  @Test
  void attributionRequiresLicenceAndHarvestTime() {
    StructureDefinition attribution =
        resources.byUrl(SD + "openactive-attribution", StructureDefinition.class).orElseThrow();
    assertThat(snapshotElement(attribution, "Extension.extension:license").getMin()).isEqualTo(1);
    assertThat(snapshotElement(attribution, "Extension.extension:harvested").getMin()).isEqualTo(1);
    assertThat(snapshotElement(attribution, "Extension.extension:publisher").getMin()).isZero();
    assertThat(
            snapshotElement(attribution, "Extension.extension:harvested.value[x]")
                .getTypeFirstRep()
                .getCode())
        .isEqualTo("dateTime");
  }

  @Test
  void accessibilitySupportListIsTheOpenActiveListWithAttribution() {
    CodeSystem list =
        resources
            .byUrl("https://openactive.io/accessibility-support", CodeSystem.class)
            .orElseThrow();
    assertThat(list.getContent()).isEqualTo(CodeSystem.CodeSystemContentMode.COMPLETE);
    assertThat(list.getConcept()).hasSize(6);
    assertThat(list.getConceptFirstRep().getCode())
        .isEqualTo("1393f2dc-3fcc-4be9-a99f-f1e51f5ad277");
    assertThat(list.getConceptFirstRep().getDisplay()).isEqualTo("Visual impairment");
    assertThat(list.getConcept())
        .extracting(CodeSystem.ConceptDefinitionComponent::getDisplay)
        .contains("Mental health issues", "Social or behavioural problems");
    assertThat(list.getCopyright())
        .contains("https://creativecommons.org/licenses/by/4.0/")
        .contains("OpenActive");
  }

  @Test
  void genderRestrictionCodesAreTheOpenActiveValues() {
    CodeSystem genders =
        resources
            .byUrl("https://activityfhir.dev/fhir/CodeSystem/gender-restriction", CodeSystem.class)
            .orElseThrow();
    assertThat(genders.getConcept())
        .extracting(CodeSystem.ConceptDefinitionComponent::getCode)
        .containsExactly("NoRestriction", "MaleOnly", "FemaleOnly");
    assertThat(genders.getConcept())
        .extracting(CodeSystem.ConceptDefinitionComponent::getDisplay)
        .containsExactly("Open to all genders", "Men only", "Women only");
    assertThat(genders.getValueSet())
        .isEqualTo("https://activityfhir.dev/fhir/ValueSet/gender-restriction");
  }

  @ParameterizedTest
  @CsvSource({
    "healthcareservice-age, age, HealthcareService, number",
    "healthcareservice-gender, gender, HealthcareService, token",
    "healthcareservice-day-of-week, day-of-week, HealthcareService, token",
    "healthcareservice-time-of-day, time-of-day, HealthcareService, special",
    "healthcareservice-price, price, HealthcareService, number",
    "healthcareservice-postcode, postcode, HealthcareService, string",
    "location-postcode, postcode, Location, string",
  })
  void searchParametersDeclareCodeBaseAndType(String id, String code, String base, String type) {
    SearchParameter parameter =
        resources
            .byUrl("https://activityfhir.dev/fhir/SearchParameter/" + id, SearchParameter.class)
            .orElseThrow();
    assertThat(parameter.getCode()).isEqualTo(code);
    assertThat(parameter.getBase()).singleElement().extracting(b -> b.getCode()).isEqualTo(base);
    assertThat(parameter.getType().toCode()).isEqualTo(type);
    assertThat(parameter.getExpression()).startsWith(base);
    assertThat(parameter.getDescription()).hasSizeGreaterThan(80);
  }

  @Test
  void searchParameterLookupByResourceTypeAndCode() {
    assertThat(resources.searchParameter("Location", "postcode"))
        .get()
        .extracting(SearchParameter::getUrl)
        .isEqualTo("https://activityfhir.dev/fhir/SearchParameter/location-postcode");
    assertThat(resources.searchParameter("HealthcareService", "postcode"))
        .get()
        .extracting(SearchParameter::getUrl)
        .isEqualTo("https://activityfhir.dev/fhir/SearchParameter/healthcareservice-postcode");
    assertThat(resources.searchParameter("Location", "age")).isEmpty();
  }

  @Test
  void lookupByUnknownUrlIsEmpty() {
    assertThat(resources.byUrl("https://activityfhir.dev/fhir/StructureDefinition/nope")).isEmpty();
    assertThat(resources.byUrl(SD + "offer", CodeSystem.class)).isEmpty();
  }

  private static ElementDefinition snapshotElement(StructureDefinition sd, String id) {
    return sd.getSnapshot().getElement().stream()
        .filter(e -> e.getId().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no snapshot element " + id + " in " + sd.getUrl()));
  }
}
