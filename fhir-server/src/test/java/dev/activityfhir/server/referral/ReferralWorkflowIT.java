package dev.activityfhir.server.referral;

import static dev.activityfhir.server.referral.FixedTokenAuthenticator.GP_A;
import static dev.activityfhir.server.referral.FixedTokenAuthenticator.PROVIDER_1;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The referral story over HTTP: a GP refers by transaction, the provider works the Task, both follow it. */
final class ReferralWorkflowIT {

  @RegisterExtension static final ReferralServerExtension server = new ReferralServerExtension(1 << 20);

  private static final String FHIR_JSON = "application/fhir+json";

  private static Response postTransaction(String token, String identifier, String performer, String slot) {
    return postTransaction(token, identifier, performer, slot, ReferralFixtures.VALID_NHS_NUMBER);
  }

  static Response postTransaction(String token, String identifier, String performer, String slot, String nhsNumber) {
    return given(server.as(token))
        .contentType(FHIR_JSON)
        .body(ReferralFixtures.json(ReferralFixtures.transaction(identifier, performer, slot, nhsNumber)))
        .post("");
  }

  /** Posts a referral transaction and answers the ServiceRequest id. */
  static String refer(String token, String identifier, String slot) {
    Response response = postTransaction(token, identifier, "HealthcareService/" + ReferralDirectory.WALKING_FOOTBALL, slot);
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    String location = response.jsonPath().getString("entry[0].response.location");
    assertThat(location).startsWith("ServiceRequest/");
    return location.split("/")[1];
  }

  @Test
  void referralGoesFromTransactionToCompletedWithTheTaskFollowedByBothSides() {
    String identifier = "REF-" + UUID.randomUUID();
    Response posted =
        postTransaction(
            GP_A, identifier, "HealthcareService/" + ReferralDirectory.WALKING_FOOTBALL, null,
            ReferralFixtures.newNhsNumber());

    assertThat(posted.statusCode()).as(posted.asString()).isEqualTo(200);
    JsonPath bundle = posted.jsonPath();
    assertThat(bundle.getString("type")).isEqualTo("transaction-response");
    assertThat(bundle.getList("entry.response.status")).containsExactly("201 Created", "201 Created", "201 Created");
    assertThat(bundle.getList("entry.response.etag")).containsOnly("W/\"1\"");
    String requestId = bundle.getString("entry[0].response.location").split("/")[1];
    String patientId = bundle.getString("entry[1].response.location").split("/")[1];
    String consentId = bundle.getString("entry[2].response.location").split("/")[1];

    JsonPath referral = given(server.as(GP_A)).get("ServiceRequest/" + requestId).then().statusCode(200).extract().jsonPath();
    assertThat(referral.getString("subject.reference")).isEqualTo("Patient/" + patientId);
    assertThat(referral.getList("supportingInfo.reference")).containsExactly("Consent/" + consentId);
    assertThat(referral.getString("meta.versionId")).isEqualTo("1");
    assertThat(referral.getString("status")).isEqualTo("active");

    // The provider finds the new referral by polling its Tasks.
    JsonPath tasks =
        given(server.as(PROVIDER_1))
            .get("Task?owner=Organization/org-provider-1&status=requested&focus=ServiceRequest/" + requestId)
            .then().statusCode(200).extract().jsonPath();
    assertThat(tasks.getInt("total")).isEqualTo(1);
    String taskId = tasks.getString("entry[0].resource.id");
    assertThat(tasks.getString("entry[0].resource.intent")).isEqualTo("order");
    assertThat(tasks.getString("entry[0].resource.code.coding[0].code")).isEqualTo("fulfill");
    assertThat(tasks.getString("entry[0].resource.for.reference")).isEqualTo("Patient/" + patientId);
    assertThat(tasks.getString("entry[0].resource.requester.identifier.value")).isEqualTo("A81001");
    // ... and may read the Patient and the Consent, which it needs to contact the person.
    given(server.as(PROVIDER_1)).get("Patient/" + patientId).then().statusCode(200);
    given(server.as(PROVIDER_1)).get("Consent/" + consentId).then().statusCode(200);

    // The provider accepts (PUT), then starts (JSON Patch) and completes with a business status.
    String task = given(server.as(PROVIDER_1)).get("Task/" + taskId).asString();
    String accepted = task.replace("\"status\":\"requested\"", "\"status\":\"accepted\"");
    given(server.as(PROVIDER_1)).contentType(FHIR_JSON).header("If-Match", "W/\"1\"").body(accepted)
        .put("Task/" + taskId).then().statusCode(200).header("ETag", "W/\"2\"");

    JsonPath seenByReferrer =
        given(server.as(GP_A)).get("Task?focus=ServiceRequest/" + requestId).then().statusCode(200).extract().jsonPath();
    assertThat(seenByReferrer.getString("entry[0].resource.status")).isEqualTo("accepted");
    // The referrer's poll for changes, by its own ODS code as the referral named it.
    JsonPath byRequester =
        given(server.as(GP_A))
            .queryParam("requester:identifier", "https://fhir.nhs.uk/Id/ods-organization-code|A81001")
            .queryParam("_lastUpdated", "gt2020-01-01")
            .get("Task")
            .then().statusCode(200).extract().jsonPath();
    assertThat(byRequester.getList("entry.resource.id")).contains(taskId);
    assertThat(
            given(server.as(GP_A))
                .queryParam("requester:identifier", "https://fhir.nhs.uk/Id/ods-organization-code|Y99999")
                .get("Task")
                .then().statusCode(200).extract().jsonPath().getList("entry"))
        .isNullOrEmpty();

    given(server.as(PROVIDER_1)).contentType("application/json-patch+json")
        .body("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"in-progress\"},"
            + "{\"op\":\"add\",\"path\":\"/businessStatus\",\"value\":{\"coding\":[{\"system\":"
            + "\"https://activityfhir.dev/fhir/CodeSystem/referral-business-status\",\"code\":\"attended-first-session\"}]}}]")
        .patch("Task/" + taskId).then().statusCode(200);
    given(server.as(PROVIDER_1)).contentType("application/json-patch+json")
        .body("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"completed\"}]")
        .patch("Task/" + taskId).then().statusCode(200);

    JsonPath done = given(server.as(GP_A)).get("ServiceRequest/" + requestId).then().statusCode(200).extract().jsonPath();
    assertThat(done.getString("status")).isEqualTo("completed");
    assertThat(done.getString("meta.versionId")).isEqualTo("2");
    JsonPath taskHistory =
        given(server.as(GP_A)).get("Task/" + taskId + "/_history").then().statusCode(200).extract().jsonPath();
    assertThat(taskHistory.getList("entry.resource.status")).containsExactly("completed", "in-progress", "accepted", "requested");
    JsonPath polled =
        given(server.as(GP_A)).get("Task?business-status=attended-first-session&status=completed").then().statusCode(200)
            .extract().jsonPath();
    assertThat(polled.getList("entry.resource.id")).containsExactly(taskId);
  }

  @Test
  void illegalTaskTransitionsAndChangesAnswer422AndChangeNothing() {
    String requestId = refer(GP_A, "REF-" + UUID.randomUUID(), null);
    String taskId = taskOf(requestId);

    Response skip = patchStatus(taskId, "completed");
    assertThat(skip.statusCode()).isEqualTo(422);
    assertThat(skip.jsonPath().getString("issue[0].expression[0]")).isEqualTo("Task.status");

    Response noReason = patchStatus(taskId, "rejected");
    assertThat(noReason.statusCode()).isEqualTo(422);
    assertThat(noReason.jsonPath().getString("issue[0].expression[0]")).isEqualTo("Task.statusReason.text");

    Response otherElement =
        given(server.as(PROVIDER_1)).contentType("application/json-patch+json")
            .body("[{\"op\":\"replace\",\"path\":\"/for/reference\",\"value\":\"Patient/someone-else\"}]")
            .patch("Task/" + taskId);
    assertThat(otherElement.statusCode()).isEqualTo(422);
    assertThat(otherElement.jsonPath().getString("issue[0].expression[0]")).isEqualTo("Task");

    Response unknownBusinessStatus =
        given(server.as(PROVIDER_1)).contentType("application/json-patch+json")
            .body("[{\"op\":\"add\",\"path\":\"/businessStatus\",\"value\":{\"coding\":[{\"system\":"
                + "\"https://activityfhir.dev/fhir/CodeSystem/referral-business-status\",\"code\":\"teleported\"}]}}]")
            .patch("Task/" + taskId);
    assertThat(unknownBusinessStatus.statusCode()).isEqualTo(422);

    // Rejected with a reason: the referral is revoked.
    given(server.as(PROVIDER_1)).contentType("application/json-patch+json")
        .body("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"rejected\"},"
            + "{\"op\":\"add\",\"path\":\"/statusReason\",\"value\":{\"text\":\"The group is for over-50s\"}}]")
        .patch("Task/" + taskId).then().statusCode(200);
    assertThat(given(server.as(GP_A)).get("ServiceRequest/" + requestId).jsonPath().getString("status")).isEqualTo("revoked");
    assertThat(given(server.as(GP_A)).get("Task/" + taskId + "/_history").jsonPath().getList("entry")).hasSize(2);
  }

  @Test
  void onHoldNeedsAReasonAndReturnsOnlyToWhereItWas() {
    String taskId = taskOf(refer(GP_A, "REF-" + UUID.randomUUID(), null));
    patchStatus(taskId, "accepted").then().statusCode(200);
    given(server.as(PROVIDER_1)).contentType("application/json-patch+json")
        .body("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"on-hold\"},"
            + "{\"op\":\"add\",\"path\":\"/statusReason\",\"value\":{\"text\":\"The person is in hospital\"}}]")
        .patch("Task/" + taskId).then().statusCode(200);

    assertThat(patchStatus(taskId, "in-progress").statusCode()).isEqualTo(422);
    given(server.as(PROVIDER_1)).contentType("application/json-patch+json")
        .body("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"accepted\"},{\"op\":\"remove\",\"path\":\"/statusReason\"}]")
        .patch("Task/" + taskId).then().statusCode(200);
  }

  private static Response patchStatus(String taskId, String status) {
    return given(server.as(PROVIDER_1)).contentType("application/json-patch+json")
        .body("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"" + status + "\"}]")
        .patch("Task/" + taskId);
  }

  static String taskOf(String requestId) {
    return given(server.as(GP_A)).get("Task?focus=ServiceRequest/" + requestId).then().statusCode(200)
        .extract().jsonPath().getString("entry[0].resource.id");
  }

  @Test
  void referralToAnOpenSessionIsTakenAndToAFullCancelledStartedOrOtherSessionAnswers409() {
    String identifier = "REF-" + UUID.randomUUID();
    String requestId = refer(GP_A, identifier, ReferralDirectory.SLOT_OPEN);
    assertThat(given(server.as(GP_A)).get("ServiceRequest/" + requestId).jsonPath().getList("supportingInfo.reference"))
        .contains("Slot/" + ReferralDirectory.SLOT_OPEN);

    for (String slot :
        List.of(ReferralDirectory.SLOT_FULL, ReferralDirectory.SLOT_CANCELLED, ReferralDirectory.SLOT_STARTED,
            ReferralDirectory.SLOT_YOGA, "slot-unknown")) {
      Response refused =
          postTransaction(GP_A, "REF-" + UUID.randomUUID(), "HealthcareService/" + ReferralDirectory.WALKING_FOOTBALL, slot);
      assertThat(refused.statusCode()).as(slot).isEqualTo(409);
      assertThat(refused.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
      assertThat(refused.jsonPath().getString("issue[0].expression[0]")).startsWith("Bundle.entry[0].resource.supportingInfo[");
    }
  }

  @Test
  void retriedReferralIsNotCreatedTwiceAndTheSamePersonIsReused() {
    String identifier = "REF-" + UUID.randomUUID();
    Response first = postTransaction(GP_A, identifier, "HealthcareService/" + ReferralDirectory.WALKING_FOOTBALL, null);
    Response retried = postTransaction(GP_A, identifier, "HealthcareService/" + ReferralDirectory.WALKING_FOOTBALL, null);

    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(retried.jsonPath().getString("entry[0].response.location"))
        .isEqualTo(first.jsonPath().getString("entry[0].response.location"));
    assertThat(retried.jsonPath().getString("entry[0].response.status")).isEqualTo("200 OK");
    assertThat(retried.jsonPath().getString("entry[1].response.status")).isEqualTo("200 OK");
    JsonPath found =
        given(server.as(GP_A))
            .queryParam("identifier", "https://gp.example.org/referral-id|" + identifier)
            .get("ServiceRequest")
            .then().statusCode(200).extract().jsonPath();
    assertThat(found.getInt("total")).isEqualTo(1);

    // A second referral for the same person reuses the Patient found by NHS number.
    Response second = postTransaction(GP_A, "REF-" + UUID.randomUUID(), "HealthcareService/" + ReferralDirectory.WALKING_FOOTBALL, null);
    assertThat(second.jsonPath().getString("entry[1].response.location"))
        .isEqualTo(first.jsonPath().getString("entry[1].response.location"));

    // A plain POST with If-None-Exist answers the existing one: 200, not 201.
    Response again =
        given(server.as(GP_A)).contentType(FHIR_JSON)
            .header("If-None-Exist", "identifier=https://gp.example.org/referral-id|" + identifier)
            .body(ReferralFixtures.json(ReferralFixtures.serviceRequest(identifier)))
            .post("ServiceRequest");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.jsonPath().getString("id")).isEqualTo(first.jsonPath().getString("entry[0].response.location").split("/")[1]);
  }

  @Test
  void staleUpdateAnswers412AndHistoryAndVreadKeepEveryVersion() {
    String requestId = refer(GP_A, "REF-" + UUID.randomUUID(), null);
    String current = given(server.as(GP_A)).get("ServiceRequest/" + requestId).asString();
    String onHold = current.replace("\"status\":\"active\"", "\"status\":\"on-hold\"");

    given(server.as(GP_A)).contentType(FHIR_JSON).header("If-Match", "W/\"1\"").body(onHold)
        .put("ServiceRequest/" + requestId).then().statusCode(200).header("ETag", "W/\"2\"");
    Response stale =
        given(server.as(GP_A)).contentType(FHIR_JSON).header("If-Match", "W/\"1\"").body(onHold)
            .put("ServiceRequest/" + requestId);
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(stale.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");

    assertThat(given(server.as(GP_A)).get("ServiceRequest/" + requestId + "/_history").jsonPath().getList("entry.resource.meta.versionId"))
        .containsExactly("2", "1");
    Response first = given(server.as(GP_A)).get("ServiceRequest/" + requestId + "/_history/1");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.jsonPath().getString("status")).isEqualTo("active");
    assertThat(first.header("ETag")).isEqualTo("W/\"1\"");
  }

  @Test
  void createAnswers201WithLocationETagAndHonoursPrefer() {
    org.hl7.fhir.r4.model.Patient patient =
        ReferralFixtures.patient().setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1950-06-01"));
    patient.getIdentifierFirstRep().setValue(ReferralFixtures.newNhsNumber());
    String patientJson = ReferralFixtures.json(patient);
    Response created = given(server.as(GP_A)).contentType(FHIR_JSON).body(patientJson).post("Patient");
    assertThat(created.statusCode()).isEqualTo(201);
    String id = created.jsonPath().getString("id");
    assertThat(created.header("Location")).endsWith("/Patient/" + id + "/_history/1");
    assertThat(created.header("ETag")).isEqualTo("W/\"1\"");
    assertThat(created.jsonPath().getString("meta.lastUpdated")).isNotBlank();

    // The same NHS number again, without If-None-Exist: one record per person and organisation, so 409.
    Response duplicate = given(server.as(GP_A)).contentType(FHIR_JSON).body(patientJson).post("Patient");
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(duplicate.jsonPath().getString("issue[0].code")).isEqualTo("conflict");
    assertThat(duplicate.jsonPath().getString("issue[0].expression[0]")).isEqualTo("Patient.identifier[0]");
    assertThat(duplicate.jsonPath().getString("issue[0].diagnostics")).startsWith("Patient/" + id + " already has");

    patient.getIdentifierFirstRep().setValue(ReferralFixtures.newNhsNumber());
    Response minimal =
        given(server.as(GP_A)).contentType(FHIR_JSON).header("Prefer", "return=minimal")
            .body(ReferralFixtures.json(patient)).post("Patient");
    assertThat(minimal.statusCode()).isEqualTo(201);
    assertThat(minimal.asString()).isEmpty();
    patient.getIdentifierFirstRep().setValue(ReferralFixtures.newNhsNumber());
    Response outcome =
        given(server.as(GP_A)).contentType(FHIR_JSON).header("Prefer", "return=OperationOutcome")
            .body(ReferralFixtures.json(patient)).post("Patient");
    assertThat(outcome.statusCode()).isEqualTo(201);
    assertThat(outcome.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");

    JsonPath byBirth =
        given(server.as(GP_A)).get("Patient?birthdate=1950-06-01&family=jon&given=MEL").then().statusCode(200).extract().jsonPath();
    assertThat(byBirth.getList("entry.resource.id")).contains(id);
  }

  @Test
  void aTransactionIsAllOrNothingAndABatchAnswersEachEntry() {
    String nhsNumber = ReferralFixtures.newNhsNumber();
    Response refused = postTransaction(GP_A, "REF-" + UUID.randomUUID(), "HealthcareService/not-in-directory", null, nhsNumber);
    assertThat(refused.statusCode()).isEqualTo(422);
    // The entry the server refused, located in the Bundle sent: the referral is its first entry.
    assertThat(refused.jsonPath().getString("issue[0].expression[0]")).isEqualTo("Bundle.entry[0].resource.performer[0]");
    JsonPath patients =
        given(server.as(GP_A)).queryParam("identifier", "https://fhir.nhs.uk/Id/nhs-number|" + nhsNumber).get("Patient")
            .then().statusCode(200).extract().jsonPath();
    assertThat(patients.getInt("total")).as("the Patient of a refused transaction is not kept").isZero();

    org.hl7.fhir.r4.model.Bundle batch = new org.hl7.fhir.r4.model.Bundle().setType(org.hl7.fhir.r4.model.Bundle.BundleType.BATCH);
    org.hl7.fhir.r4.model.Patient good = ReferralFixtures.patient();
    good.getIdentifierFirstRep().setValue(nhsNumber);
    batch.addEntry().setResource(good).getRequest().setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST).setUrl("Patient");
    org.hl7.fhir.r4.model.Patient bad = ReferralFixtures.patient();
    bad.getIdentifierFirstRep().setValue("9912003890");
    batch.addEntry().setResource(bad).getRequest().setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST).setUrl("Patient");
    JsonPath answered =
        given(server.as(GP_A)).contentType(FHIR_JSON).body(ReferralFixtures.json(batch)).post("")
            .then().statusCode(200).extract().jsonPath();
    assertThat(answered.getString("type")).isEqualTo("batch-response");
    assertThat(answered.getList("entry.response.status")).containsExactly("201 Created", "422");
    assertThat(answered.getString("entry[1].response.outcome.issue[0].expression[0]")).isEqualTo("Patient.identifier[0].value");
  }
}
