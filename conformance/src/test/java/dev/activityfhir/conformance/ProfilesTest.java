package dev.activityfhir.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.Test;

/** The profiles accept well-formed resources and name what a bad one lacks. */
class ProfilesTest {

  private static final String SD = "https://activityfhir.dev/fhir/StructureDefinition/";
  private static final FhirValidation VALIDATION =
      new FhirValidation(
          ConformanceResources.bundled(), List.of(), List.of(FhirValidation.UK_CORE_PACKAGE));

  @Test
  void taskInTheGravityShapeIsValidAndRejectionNeedsAReason() {
    Task task = task();
    assertThat(VALIDATION.errors(task, SD + "referral-task")).isEmpty();

    task.setStatus(Task.TaskStatus.REJECTED);
    assertThat(VALIDATION.errors(task, SD + "referral-task"))
        .anySatisfy(e -> assertThat(e).contains("referral-task-1"));

    task.setStatusReason(new CodeableConcept().setText("No places this term"));
    assertThat(VALIDATION.errors(task, SD + "referral-task")).isEmpty();

    task.setIntent(Task.TaskIntent.PLAN);
    assertThat(VALIDATION.errors(task, SD + "referral-task"))
        .anySatisfy(e -> assertThat(e).startsWith("Task.intent"));
  }

  @Test
  void businessStatusFromThePublishedCodeSystemIsValid() {
    Task task = task();
    task.setBusinessStatus(
        new CodeableConcept(
            new Coding(
                "https://activityfhir.dev/fhir/CodeSystem/referral-business-status",
                "booked",
                "Booked")));
    assertThat(VALIDATION.errors(task, SD + "referral-task")).isEmpty();
  }

  @Test
  void referralNeedsRequesterPerformerAndAuthoredOn() {
    ServiceRequest referral = new ServiceRequest();
    referral.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    referral.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    referral.setSubject(new Reference("Patient/p1"));
    assertThat(VALIDATION.errors(referral, SD + "referral-servicerequest"))
        .anySatisfy(e -> assertThat(e).contains("ServiceRequest.requester"))
        .anySatisfy(e -> assertThat(e).contains("ServiceRequest.performer"))
        .anySatisfy(e -> assertThat(e).contains("ServiceRequest.authoredOn"));

    referral.setRequester(new Reference().setDisplay("Lambeth Social Prescribing"));
    referral.addPerformer(new Reference("HealthcareService/hs-1"));
    referral.setAuthoredOn(new Date());
    referral.addSupportingInfo(new Reference("Consent/c1"));
    assertThat(VALIDATION.errors(referral, SD + "referral-servicerequest")).isEmpty();
  }

  @Test
  void patientWithNhsNumberAndConsentAreValid() {
    Patient patient = new Patient();
    patient.addIdentifier().setSystem("https://fhir.nhs.uk/Id/nhs-number").setValue("9000000009");
    patient.addName().setFamily("Smith").addGiven("Jo");
    assertThat(VALIDATION.errors(patient, SD + "referral-patient")).isEmpty();

    Consent consent = new Consent();
    consent.setStatus(Consent.ConsentState.ACTIVE);
    consent.setScope(
        new CodeableConcept(
            new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)));
    consent.addCategory(
        new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Patient Consent")));
    consent.setPatient(new Reference("Patient/p1"));
    consent.setPolicyRule(
        new CodeableConcept(
            new Coding("http://terminology.hl7.org/CodeSystem/consentpolicycodes", "hipaa-auth", null)));
    assertThat(VALIDATION.errors(consent, SD + "referral-consent")).isEmpty();

    consent.setScope(
        new CodeableConcept(
            new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "research", null)));
    assertThat(VALIDATION.errors(consent, SD + "referral-consent"))
        .anySatisfy(e -> assertThat(e).startsWith("Consent.scope"));
  }

  @Test
  void serviceNeedsThePhysicalActivityCategoryAndKeepsPublisherTags() {
    HealthcareService service = new HealthcareService();
    Extension attribution = service.addExtension().setUrl(SD + "openactive-attribution");
    attribution.addExtension("license", new UriType("https://creativecommons.org/licenses/by/4.0/"));
    attribution.addExtension("harvested", new DateTimeType("2026-12-07T10:00:00Z"));
    service.setActive(true);
    service.setName("Walking Football");
    service.addCategory().setText("Over 50s");
    assertThat(VALIDATION.errors(service, SD + "activity-healthcareservice"))
        .anySatisfy(e -> assertThat(e).contains("physicalActivity"));

    service
        .addCategory()
        .addCoding()
        .setSystem("https://activityfhir.dev/fhir/CodeSystem/service-category")
        .setCode("physical-activity");
    assertThat(VALIDATION.errors(service, SD + "activity-healthcareservice")).isEmpty();

    service.getExtension().clear();
    assertThat(VALIDATION.errors(service, SD + "activity-healthcareservice"))
        .anySatisfy(e -> assertThat(e).contains("attribution"));
  }

  private static Task task() {
    Task task = new Task();
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setIntent(Task.TaskIntent.ORDER);
    task.setCode(
        new CodeableConcept(new Coding("http://hl7.org/fhir/CodeSystem/task-code", "fulfill", null)));
    task.setFocus(new Reference("ServiceRequest/sr1"));
    task.setFor(new Reference("Patient/p1"));
    task.setOwner(new Reference("Organization/org1"));
    task.setRequester(new Reference().setDisplay("Lambeth Social Prescribing"));
    task.setAuthoredOn(new Date());
    return task;
  }
}
