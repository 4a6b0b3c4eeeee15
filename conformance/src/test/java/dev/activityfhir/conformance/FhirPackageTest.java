package dev.activityfhir.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The FHIR NPM package the build makes of the resource files, as a client reads it. */
class FhirPackageTest {

  private static final String SD = "https://activityfhir.dev/fhir/StructureDefinition/";
  private static final String SWIMMING = "2750229d-b725-4171-9276-376be913957c";

  private static final ConformanceResources RESOURCES = ConformanceResources.bundled();
  private static final Map<String, byte[]> ENTRIES = new LinkedHashMap<>();

  @BeforeAll
  static void readTgz() throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(RESOURCES.packageTgz()))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        ENTRIES.put(entry.getName(), tar.readAllBytes());
      }
    }
  }

  @Test
  void packageJsonFollowsThePackageSpecWithTheBuildVersion() throws IOException {
    JsonNode manifest = new ObjectMapper().readTree(ENTRIES.get("package/package.json"));
    assertThat(manifest.path("name").asText()).isEqualTo("dev.activityfhir.r4");
    assertThat(manifest.path("version").asText())
        .isEqualTo(RESOURCES.packageId().version())
        .matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?");
    assertThat(manifest.path("fhirVersions").get(0).asText()).isEqualTo("4.0.1");
    assertThat(manifest.path("dependencies").path("hl7.fhir.r4.core").asText()).isEqualTo("4.0.1");
    assertThat(manifest.path("dependencies").path("fhir.r4.ukcore.stu2").asText())
        .isEqualTo("2.0.2");
    assertThat(manifest.path("canonical").asText()).isEqualTo(ConformanceResources.CANONICAL_BASE);
  }

  @Test
  void indexJsonListsEveryResourceFileOfThePackage() throws IOException {
    JsonNode index = new ObjectMapper().readTree(ENTRIES.get("package/.index.json"));
    assertThat(index.path("index-version").asInt()).isEqualTo(1);
    Set<String> listed = new TreeSet<>();
    index.path("files").forEach(f -> listed.add("package/" + f.path("filename").asText()));
    Set<String> inTar =
        ENTRIES.keySet().stream()
            .filter(n -> !n.endsWith("package.json") && !n.endsWith(".index.json"))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(listed).isEqualTo(inTar).hasSize(RESOURCES.all().size());
    assertThat(index.path("files").findValuesAsText("url"))
        .contains(SD + "referral-task", "https://openactive.io/activity-list");
  }

  @Test
  void hapiLoadsThePackageAsAnyFhirPackage() throws IOException {
    NpmPackageValidationSupport npm = new NpmPackageValidationSupport(FhirContext.forR4Cached());
    npm.loadPackageFromClasspath("classpath:dev/activityfhir/conformance/package.tgz");
    assertThat(npm.fetchStructureDefinition(SD + "referral-patient")).isNotNull();
    assertThat(npm.fetchCodeSystem("https://openactive.io/activity-list")).isNotNull();
  }

  @Test
  void implementationGuideListsEveryResourceAndTheDependencies() {
    ImplementationGuide guide = RESOURCES.implementationGuide();
    assertThat(guide.getPackageId()).isEqualTo("dev.activityfhir.r4");
    assertThat(guide.getVersion()).isEqualTo(RESOURCES.packageId().version());
    assertThat(guide.getDependsOn())
        .extracting(d -> d.getPackageId() + "#" + d.getVersion())
        .containsExactlyInAnyOrder("hl7.fhir.r4.core#4.0.1", "fhir.r4.ukcore.stu2#2.0.2");
    assertThat(guide.getDefinition().getResource())
        .extracting(r -> r.getReference().getReference())
        .contains(
            "StructureDefinition/referral-task",
            "CodeSystem/activity-list",
            "CapabilityStatement/activity-fhir-server")
        .hasSize(RESOURCES.all().size() - 1);
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
  void capabilityStatementListsTheProfileOfEachType(String type, String profile) {
    CapabilityStatement statement = RESOURCES.capabilityStatement();
    assertThat(statement.getKind()).isEqualTo(CapabilityStatement.CapabilityStatementKind.REQUIREMENTS);
    assertThat(statement.getRestFirstRep().getResource())
        .filteredOn(r -> r.getType().equals(type))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getSupportedProfile())
                    .extracting(p -> p.getValue())
                    .containsExactly(SD + profile));
  }

  @ParameterizedTest
  @CsvSource({
    "activity-healthcareservice, https://fhir.hl7.org.uk/StructureDefinition/UKCore-HealthcareService",
    "activity-location, https://fhir.hl7.org.uk/StructureDefinition/UKCore-Location",
    "activity-organization, https://fhir.hl7.org.uk/StructureDefinition/UKCore-Organization",
    "activity-schedule, https://fhir.hl7.org.uk/StructureDefinition/UKCore-Schedule",
    "activity-slot, https://fhir.hl7.org.uk/StructureDefinition/UKCore-Slot",
    "referral-servicerequest, https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest",
    "referral-patient, https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient",
    "referral-consent, http://hl7.org/fhir/StructureDefinition/Consent",
    "referral-task, http://hl7.org/fhir/StructureDefinition/Task",
  })
  void everyProfileSnapshotIsCompleteOverItsBase(String id, String base) throws IOException {
    StructureDefinition profile =
        RESOURCES.byUrl(SD + id, StructureDefinition.class).orElseThrow();
    assertThat(profile.getBaseDefinition()).isEqualTo(base);
    StructureDefinition baseDefinition = baseDefinition(base);
    Set<String> snapshotIds =
        profile.getSnapshot().getElement().stream()
            .map(ElementDefinition::getId)
            .collect(Collectors.toSet());
    assertThat(snapshotIds)
        .as("every element of the base is in the snapshot")
        .containsAll(
            baseDefinition.getSnapshot().getElement().stream()
                .map(ElementDefinition::getId)
                .toList());
    assertThat(snapshotIds)
        .as("every element of the differential is in the snapshot")
        .containsAll(
            profile.getDifferential().getElement().stream().map(ElementDefinition::getId).toList());
  }

  @Test
  void snapshotsCarryTheDifferentialsConstraints() {
    StructureDefinition service =
        RESOURCES.byUrl(SD + "activity-healthcareservice", StructureDefinition.class).orElseThrow();
    assertThat(element(service, "HealthcareService.name").getMin()).isEqualTo(1);
    assertThat(element(service, "HealthcareService.extension:attribution").getMin()).isEqualTo(1);
    assertThat(element(service, "HealthcareService.category:physicalActivity").getMax())
        .isEqualTo("1");
    assertThat(element(service, "HealthcareService.type").getBinding().getValueSet())
        .isEqualTo("https://activityfhir.dev/fhir/ValueSet/activity-list");
    StructureDefinition task =
        RESOURCES.byUrl(SD + "referral-task", StructureDefinition.class).orElseThrow();
    assertThat(element(task, "Task.intent").getFixed().primitiveValue()).isEqualTo("order");
    assertThat(element(task, "Task").getConstraint())
        .extracting(c -> c.getKey())
        .contains("referral-task-1");
    StructureDefinition patient =
        RESOURCES.byUrl(SD + "referral-patient", StructureDefinition.class).orElseThrow();
    assertThat(element(patient, "Patient.identifier:nhsNumber.system").getFixed().primitiveValue())
        .isEqualTo("https://fhir.nhs.uk/Id/nhs-number");
  }

  @Test
  void activityListIsGeneratedFromTheOpenActiveListWithHierarchyAndSynonyms() {
    CodeSystem list =
        RESOURCES.byUrl("https://openactive.io/activity-list", CodeSystem.class).orElseThrow();
    assertThat(list.getContent()).isEqualTo(CodeSystem.CodeSystemContentMode.COMPLETE);
    assertThat(list.getHierarchyMeaning()).isEqualTo(CodeSystem.CodeSystemHierarchyMeaning.ISA);
    assertThat(list.getConcept()).hasSize(768);
    assertThat(list.getCount()).isEqualTo(768);
    ConceptDefinitionComponent swimming = concept(list, SWIMMING);
    assertThat(swimming.getDisplay()).isEqualTo("Swimming");
    assertThat(swimming.getDefinition()).startsWith("Swimming is an excellent form of exercise");
    List<String> children = values(swimming, "child");
    assertThat(children).hasSize(6);
    for (String child : children) {
      assertThat(values(concept(list, child), "parent")).contains(SWIMMING);
    }
    ConceptDefinitionComponent withSynonym =
        list.getConcept().stream().filter(c -> c.hasDesignation()).findFirst().orElseThrow();
    assertThat(withSynonym.getDesignationFirstRep().getUse().getCode())
        .isEqualTo("900000000000013009");
    assertThat(withSynonym.getDesignationFirstRep().getValue()).isNotBlank();
    assertThat(list.getConcept().stream().filter(c -> c.hasDesignation()).count()).isEqualTo(16);
  }

  @Test
  void businessStatusCodesHaveDisplayAndDefinition() {
    CodeSystem status =
        RESOURCES
            .byUrl(
                "https://activityfhir.dev/fhir/CodeSystem/referral-business-status",
                CodeSystem.class)
            .orElseThrow();
    assertThat(status.getConcept())
        .extracting(ConceptDefinitionComponent::getCode)
        .containsExactly(
            "contacted", "booked", "attended-first-session", "did-not-attend", "completed-programme");
    assertThat(status.getConcept()).allSatisfy(c -> assertThat(c.getDefinition()).isNotBlank());
    assertThat(concept(status, "did-not-attend").getDisplay()).isEqualTo("Did not attend");
  }

  private static StructureDefinition baseDefinition(String url) throws IOException {
    if (url.startsWith("http://hl7.org/fhir/")) {
      return (StructureDefinition)
          new DefaultProfileValidationSupport(FhirContext.forR4Cached())
              .fetchStructureDefinition(url);
    }
    NpmPackageValidationSupport npm = new NpmPackageValidationSupport(FhirContext.forR4Cached());
    npm.loadPackageFromClasspath(FhirValidation.UK_CORE_PACKAGE);
    return (StructureDefinition) npm.fetchStructureDefinition(url);
  }

  private static ElementDefinition element(StructureDefinition sd, String id) {
    return sd.getSnapshot().getElement().stream()
        .filter(e -> e.getId().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no snapshot element " + id + " in " + sd.getUrl()));
  }

  private static ConceptDefinitionComponent concept(CodeSystem system, String code) {
    return system.getConcept().stream()
        .filter(c -> c.getCode().equals(code))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> values(ConceptDefinitionComponent concept, String property) {
    return concept.getProperty().stream()
        .filter(p -> p.getCode().equals(property))
        .map(p -> p.getValue().primitiveValue())
        .toList();
  }
}
