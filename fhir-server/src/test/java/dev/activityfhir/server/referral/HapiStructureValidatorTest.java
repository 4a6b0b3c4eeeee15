package dev.activityfhir.server.referral;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.conformance.FhirValidation;
import dev.activityfhir.server.problem.FhirProblem;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class HapiStructureValidatorTest {

  private static final HapiStructureValidator VALIDATOR = new HapiStructureValidator(new FhirValidation());

  private static Patient validPatient() {
    Patient patient = new Patient();
    patient.addIdentifier().setSystem("https://fhir.nhs.uk/Id/nhs-number").setValue("9434765919");
    patient.addName().setFamily("Jones").addGiven("Ann");
    patient.setGender(AdministrativeGender.FEMALE);
    return patient;
  }

  /** A Consent without its required status, scope and category (each 1..1 or 1..*). */
  private static Consent consentMissingRequiredElements() {
    Consent consent = new Consent();
    consent.getPatient().setReference("Patient/p1");
    return consent;
  }

  private static List<String> messages(Resource resource) {
    return VALIDATOR.errors(resource).stream().map(FhirProblem.Issue::diagnostics).toList();
  }

  @Test
  void aValidPatientHasNoErrors() {
    assertThat(VALIDATOR.errors(validPatient())).isEmpty();
  }

  @Test
  void missingRequiredElementsAreErrorsAtTheirParent() {
    List<FhirProblem.Issue> errors = VALIDATOR.errors(consentMissingRequiredElements());

    assertThat(errors).extracting(FhirProblem.Issue::expression).contains(List.of("Consent"));
    assertThat(errors).extracting(FhirProblem.Issue::diagnostics).anyMatch(m -> m.contains("Consent.status"));
    assertThat(errors).extracting(FhirProblem.Issue::diagnostics).anyMatch(m -> m.contains("Consent.scope"));
  }

  @Test
  void aBrokenInvariantIsAnError() {
    Patient patient = validPatient();
    // pat-1: a contact names a person, telecom, address or organisation; this one only a relationship.
    patient.addContact().addRelationship().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0131").setCode("N");

    assertThat(messages(patient)).anyMatch(m -> m.contains("pat-1"));
  }

  @Test
  void anUnknownProfileIsAnErrorAtMetaProfile() {
    Patient patient = validPatient();
    patient.getMeta().addProfile("https://example.org/StructureDefinition/NoSuchProfile");

    assertThat(VALIDATOR.errors(patient))
        .extracting(FhirProblem.Issue::expression)
        .contains(List.of("Patient.meta.profile[0]"));
  }

  @Test
  void reusedValidatorsGiveEachResourceItsOwnFindings() {
    List<String> invalid = messages(consentMissingRequiredElements());

    for (int i = 0; i < 2 * InstanceValidatorPool.USES / 100; i++) {
      assertThat(messages(validPatient())).isEmpty();
      assertThat(messages(consentMissingRequiredElements())).isEqualTo(invalid);
    }
  }

  @Test
  void validatesOnSeveralThreadsAtOnce() throws Exception {
    List<String> invalid = messages(consentMissingRequiredElements());
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> results =
          java.util.stream.IntStream.range(0, 40)
              .mapToObj(
                  i ->
                      threads.submit(
                          () -> messages(i % 2 == 0 ? validPatient() : consentMissingRequiredElements())))
              .toList();
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isEqualTo(i % 2 == 0 ? List.of() : invalid);
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
