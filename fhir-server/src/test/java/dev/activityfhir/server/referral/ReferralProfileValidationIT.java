package dev.activityfhir.server.referral;

import static dev.activityfhir.server.referral.FixedTokenAuthenticator.GP_A;
import static dev.activityfhir.server.referral.FixedTokenAuthenticator.PROVIDER_1;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.server.fhir.ServedProfiles;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The referral story of {@code ReferralWorkflowIT} with every referral resource the server returns after each step
 * (ServiceRequest, Patient, Consent, Task; reads, searches, write answers and history) checked by {@link
 * ServedProfiles}: it names the package's profile of its type and validates against it with zero errors.
 */
final class ReferralProfileValidationIT {

  @RegisterExtension static final ReferralServerExtension server = new ReferralServerExtension(1 << 20);

  private static final String FHIR_JSON = "application/fhir+json";
  private static final String PATCH = "application/json-patch+json";

  private final List<String> errors = new ArrayList<>();
  private int checked;

  @AfterEach
  void noErrors() {
    assertThat(errors).as("validation errors among %d resources", checked).isEmpty();
  }

  @Test
  void everyResourceOfAReferralFromTransactionToCompletionValidates() {
    Response posted = postTransaction(ReferralDirectory.SLOT_OPEN);
    String requestId = posted.jsonPath().getString("entry[0].response.location").split("/")[1];
    String patientId = posted.jsonPath().getString("entry[1].response.location").split("/")[1];
    String consentId = posted.jsonPath().getString("entry[2].response.location").split("/")[1];
    String taskId = taskOf(requestId);
    checkReads(GP_A, "ServiceRequest/" + requestId, "Patient/" + patientId, "Consent/" + consentId, "Task/" + taskId);
    checkReads(PROVIDER_1, "Patient/" + patientId, "Consent/" + consentId, "Task/" + taskId);

    String task = given(server.as(PROVIDER_1)).get("Task/" + taskId).asString();
    check(
        given(server.as(PROVIDER_1)).contentType(FHIR_JSON).header("If-Match", "W/\"1\"")
            .body(task.replace("\"status\":\"requested\"", "\"status\":\"accepted\""))
            .put("Task/" + taskId).then().statusCode(200).extract().asString());
    check(
        patch(taskId,
            "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"in-progress\"},"
                + "{\"op\":\"add\",\"path\":\"/businessStatus\",\"value\":{\"coding\":[{\"system\":"
                + "\"https://activityfhir.dev/fhir/CodeSystem/referral-business-status\",\"code\":\"booked\"}]}}]"));
    check(patch(taskId, "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"completed\"}]"));

    checkReads(GP_A, "ServiceRequest/" + requestId, "Task/" + taskId);
    assertThat(given(server.as(GP_A)).get("ServiceRequest/" + requestId).jsonPath().getString("status"))
        .isEqualTo("completed");
    checkBundle(given(server.as(GP_A)).get("Task/" + taskId + "/_history"), 4);
    checkBundle(given(server.as(GP_A)).get("ServiceRequest/" + requestId + "/_history"), 2);
    checkBundle(
        given(server.as(GP_A))
            .get("ServiceRequest?_id=" + requestId + "&_include=ServiceRequest:patient&_revinclude=Task:focus"),
        3);
  }

  @Test
  void rejectedAndOnHoldTasksAndTheirRevokedReferralValidate() {
    String rejectedRequest = refer();
    String rejected = taskOf(rejectedRequest);
    check(
        patch(rejected,
            "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"rejected\"},"
                + "{\"op\":\"add\",\"path\":\"/statusReason\",\"value\":{\"text\":\"The group is for over-50s\"}}]"));
    checkReads(GP_A, "ServiceRequest/" + rejectedRequest, "Task/" + rejected);

    String onHold = taskOf(refer());
    check(patch(onHold, "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"accepted\"}]"));
    check(
        patch(onHold,
            "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"on-hold\"},"
                + "{\"op\":\"add\",\"path\":\"/statusReason\",\"value\":{\"text\":\"The person is in hospital\"}}]"));
    checkBundle(given(server.as(PROVIDER_1)).get("Task?_id=" + onHold), 1);
  }

  @Test
  void aProfileTheClientNamedIsReplacedByThePackagesOwn() {
    Patient patient = ReferralFixtures.patient();
    patient.getIdentifierFirstRep().setValue(ReferralFixtures.newNhsNumber());
    patient.getMeta().addProfile("https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient");
    patient.getMeta().addProfile("https://example.org/StructureDefinition/our-own-patient");

    String created =
        given(server.as(GP_A)).contentType(FHIR_JSON).body(ReferralFixtures.json(patient)).post("Patient")
            .then().statusCode(201).extract().asString();

    Resource stored = check(created);
    assertThat(stored.getMeta().getProfile())
        .extracting(CanonicalType::getValue)
        .containsExactly("https://activityfhir.dev/fhir/StructureDefinition/referral-patient");
  }

  private static Response postTransaction(String slot) {
    Response posted =
        given(server.as(GP_A))
            .contentType(FHIR_JSON)
            .body(
                ReferralFixtures.json(
                    ReferralFixtures.transaction(
                        "REF-" + UUID.randomUUID(), "HealthcareService/" + ReferralDirectory.WALKING_FOOTBALL, slot,
                        ReferralFixtures.newNhsNumber())))
            .post("");
    assertThat(posted.statusCode()).as(posted.asString()).isEqualTo(200);
    return posted;
  }

  /** A new referral's ServiceRequest id. */
  private static String refer() {
    return postTransaction(null).jsonPath().getString("entry[0].response.location").split("/")[1];
  }

  private static String taskOf(String requestId) {
    return given(server.as(GP_A)).get("Task?focus=ServiceRequest/" + requestId).then().statusCode(200)
        .extract().jsonPath().getString("entry[0].resource.id");
  }

  private void checkReads(String token, String... references) {
    for (String reference : references) {
      check(given(server.as(token)).get(reference).then().statusCode(200).extract().asString());
    }
  }

  private static String patch(String taskId, String operations) {
    return given(server.as(PROVIDER_1)).contentType(PATCH).body(operations).patch("Task/" + taskId)
        .then().statusCode(200).extract().asString();
  }

  private void checkBundle(Response response, int entries) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    Bundle bundle = (Bundle) ServedProfiles.strictJsonParser().parseResource(response.asString());
    assertThat(bundle.getEntry()).hasSize(entries);
    bundle.getEntry().forEach(e -> check(e.getResource()));
  }

  private Resource check(String json) {
    Resource resource = (Resource) ServedProfiles.strictJsonParser().parseResource(json);
    check(resource);
    return resource;
  }

  private void check(Resource resource) {
    checked++;
    errors.addAll(ServedProfiles.errors(resource));
  }
}
