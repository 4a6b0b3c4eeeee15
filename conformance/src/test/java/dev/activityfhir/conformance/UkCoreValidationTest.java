package dev.activityfhir.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

/** The opt-in UK Core package, checked with UK Core's own published examples. */
class UkCoreValidationTest {

  private static final String UK_CORE = "https://fhir.hl7.org.uk/StructureDefinition/";

  private static final FhirValidation VALIDATION =
      new FhirValidation(
          ConformanceResources.bundled(), List.of(), List.of(FhirValidation.UK_CORE_PACKAGE));

  @Test
  void ukCoreProfilesAreAvailable() {
    StructureDefinition patient =
        (StructureDefinition)
            VALIDATION.validationSupport().fetchStructureDefinition(UK_CORE + "UKCore-Patient");
    assertThat(patient).isNotNull();
    assertThat(patient.getType()).isEqualTo("Patient");
    assertThat(patient.getVersion()).isEqualTo("2.5.0");
  }

  @Test
  void ukCoreLocationExampleIsValidAgainstItsProfile() throws IOException {
    Location location = read(Location.class, "UKCore-Location-HospitalSJUH-Example.json");
    location.getMeta().addProfile(UK_CORE + "UKCore-Location");

    assertThat(VALIDATION.errors(location)).isEmpty();
  }

  @Test
  void ukCorePatientExampleIsValidAgainstItsProfile() throws IOException {
    Patient patient = read(Patient.class, "UKCore-Patient-BabyPatient-Example.json");
    patient.getMeta().addProfile(UK_CORE + "UKCore-Patient");

    assertThat(VALIDATION.errors(patient)).isEmpty();
  }

  @Test
  void ukCoreExtensionWithTheWrongValueTypeFails() throws IOException {
    Patient patient = read(Patient.class, "UKCore-Patient-BabyPatient-Example.json");
    patient.getMeta().addProfile(UK_CORE + "UKCore-Patient");
    patient
        .getExtensionByUrl(UK_CORE + "Extension-UKCore-EthnicCategory")
        .setValue(new StringType("White - British"));

    assertThat(VALIDATION.errors(patient))
        .anySatisfy(
            e -> assertThat(e).startsWith("Patient.extension[0]").contains("CodeableConcept"));
  }

  @Test
  void missingPackageIsReportedWithItsLocation() {
    assertThatThrownBy(
            () ->
                new FhirValidation(
                    ConformanceResources.bundled(),
                    List.of(),
                    List.of("classpath:dev/activityfhir/conformance/npm/missing.tgz")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing.tgz");
  }

  private static <T extends Resource> T read(Class<T> type, String name) throws IOException {
    try (InputStream in = UkCoreValidationTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return FhirContext.forR4Cached().newJsonParser().parseResource(type, in);
    }
  }
}
