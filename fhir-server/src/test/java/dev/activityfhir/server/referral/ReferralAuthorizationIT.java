package dev.activityfhir.server.referral;

import static dev.activityfhir.server.referral.FixedTokenAuthenticator.GP_A;
import static dev.activityfhir.server.referral.FixedTokenAuthenticator.GP_A_READ_ONLY;
import static dev.activityfhir.server.referral.FixedTokenAuthenticator.GP_B;
import static dev.activityfhir.server.referral.FixedTokenAuthenticator.PROVIDER_1;
import static dev.activityfhir.server.referral.FixedTokenAuthenticator.PROVIDER_2;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who sees and changes what on the referral side: deny by default, per organisation, over reads, searches,
 * includes, paging links and writes; and no early answer (the directory's response cache) skips the check.
 */
final class ReferralAuthorizationIT {

  @RegisterExtension static final ReferralServerExtension server = new ReferralServerExtension(1 << 20);

  private static final String FHIR_JSON = "application/fhir+json";

  private static String requestId;
  private static String patientId;
  private static String consentId;
  private static String taskId;
  private static String nhsNumber;

  @BeforeAll
  static void referral() {
    nhsNumber = ReferralFixtures.newNhsNumber();
    Response posted =
        given(server.as(GP_A)).contentType(FHIR_JSON)
            .body(ReferralFixtures.json(ReferralFixtures.transaction(
                "REF-" + UUID.randomUUID(), "HealthcareService/" + ReferralDirectory.WALKING_FOOTBALL, null, nhsNumber)))
            .post("");
    assertThat(posted.statusCode()).as(posted.asString()).isEqualTo(200);
    requestId = posted.jsonPath().getString("entry[0].response.location").split("/")[1];
    patientId = posted.jsonPath().getString("entry[1].response.location").split("/")[1];
    consentId = posted.jsonPath().getString("entry[2].response.location").split("/")[1];
    taskId =
        given(server.as(GP_A)).get("Task?focus=ServiceRequest/" + requestId).jsonPath().getString("entry[0].resource.id");
  }

  @Test
  void withoutAValidTokenEverythingAnswers401WithABearerChallengeAndNoData() {
    for (String path : new String[] {"ServiceRequest/" + requestId, "ServiceRequest", "Patient/" + patientId, "Task"}) {
      Response none = given(server.as(null)).get(path);
      assertThat(none.statusCode()).as(path).isEqualTo(401);
      assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(none.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
      assertThat(none.asString()).doesNotContain(nhsNumber);
      assertThat(given(server.as("forged")).get(path).statusCode()).isEqualTo(401);
    }
    Response write =
        given(server.as(null)).contentType(FHIR_JSON).body(ReferralFixtures.json(ReferralFixtures.patient())).post("Patient");
    assertThat(write.statusCode()).isEqualTo(401);
    Response bundle =
        given(server.as(null)).contentType(FHIR_JSON)
            .body(ReferralFixtures.json(ReferralFixtures.transaction("REF-x", "HealthcareService/hs-yoga", null)))
            .post("");
    assertThat(bundle.statusCode()).isEqualTo(401);
  }

  @Test
  void anotherReferrerNeitherReadsNorFindsNorMatchesTheReferral() {
    for (String path :
        new String[] {"ServiceRequest/" + requestId, "Patient/" + patientId, "Consent/" + consentId, "Task/" + taskId,
          "ServiceRequest/" + requestId + "/_history", "ServiceRequest/" + requestId + "/_history/1"}) {
      Response other = given(server.as(GP_B)).get(path);
      assertThat(other.statusCode()).as(path).isEqualTo(404);
      assertThat(other.asString()).doesNotContain(nhsNumber);
    }
    assertThat(given(server.as(GP_B)).get("ServiceRequest?_id=" + requestId).jsonPath().getInt("total")).isZero();
    assertThat(given(server.as(GP_B)).queryParam("subject:identifier", "https://fhir.nhs.uk/Id/nhs-number|" + nhsNumber)
        .get("ServiceRequest").jsonPath().getInt("total")).isZero();
    assertThat(given(server.as(GP_B)).queryParam("identifier", "https://fhir.nhs.uk/Id/nhs-number|" + nhsNumber)
        .get("Patient").jsonPath().getInt("total")).isZero();

    // The other referrer's conditional create on the same NHS number does not match (nor reveal) the Patient.
    Response own =
        given(server.as(GP_B)).contentType(FHIR_JSON)
            .header("If-None-Exist", "identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhsNumber)
            .body(ReferralFixtures.json(ReferralFixtures.patient().setIdentifier(null)
                .addIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem("https://fhir.nhs.uk/Id/nhs-number").setValue(nhsNumber))))
            .post("Patient");
    assertThat(own.statusCode()).isEqualTo(201);
    assertThat(own.jsonPath().getString("id")).isNotEqualTo(patientId);

    // Nor may it refer its own patient by naming the other's Patient.
    Response borrowed =
        given(server.as(GP_B)).contentType(FHIR_JSON)
            .body(ReferralFixtures.json(ReferralFixtures.serviceRequest("REF-" + UUID.randomUUID())
                .setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + patientId))))
            .post("ServiceRequest");
    assertThat(borrowed.statusCode()).isEqualTo(422);
    assertThat(borrowed.jsonPath().getString("issue[0].expression[0]")).isEqualTo("ServiceRequest.subject");
  }

  @Test
  void theProviderReferredToSeesItAndAnotherProviderDoesNot() {
    JsonPath seen =
        given(server.as(PROVIDER_1))
            .get("ServiceRequest?_id=" + requestId + "&_include=ServiceRequest:patient&_include=ServiceRequest:performer"
                + "&_revinclude=Task:focus")
            .then().statusCode(200).extract().jsonPath();
    assertThat(seen.getList("entry.resource.resourceType"))
        .containsExactlyInAnyOrder("ServiceRequest", "Patient", "HealthcareService", "Task");
    assertThat(seen.getList("entry.search.mode")).containsExactlyInAnyOrder("match", "include", "include", "include");

    for (String path : new String[] {"ServiceRequest/" + requestId, "Patient/" + patientId, "Task/" + taskId}) {
      assertThat(given(server.as(PROVIDER_2)).get(path).statusCode()).as(path).isEqualTo(404);
    }
    Response othersTasks = given(server.as(PROVIDER_2)).get("Task?status=requested");
    assertThat(othersTasks.statusCode()).isEqualTo(200);
    assertThat(othersTasks.asString()).doesNotContain(taskId);
    Response patch =
        given(server.as(PROVIDER_2)).contentType("application/json-patch+json")
            .body("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"accepted\"}]").patch("Task/" + taskId);
    assertThat(patch.statusCode()).isEqualTo(404);
  }

  @Test
  void onlyTheOwningProviderUpdatesTheTaskAndOnlyTheReferrerTheReferral() {
    Response byReferrer =
        given(server.as(GP_A)).contentType("application/json-patch+json")
            .body("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"cancelled\"}]").patch("Task/" + taskId);
    assertThat(byReferrer.statusCode()).isEqualTo(403);

    String referral = given(server.as(PROVIDER_1)).get("ServiceRequest/" + requestId).asString();
    Response byProvider =
        given(server.as(PROVIDER_1)).contentType(FHIR_JSON).body(referral).put("ServiceRequest/" + requestId);
    assertThat(byProvider.statusCode()).isEqualTo(403);
    Response providerCreates =
        given(server.as(PROVIDER_1)).contentType(FHIR_JSON).body(ReferralFixtures.json(ReferralFixtures.patient())).post("Patient");
    assertThat(providerCreates.statusCode()).isEqualTo(403);
    assertThat(given(server.as(GP_A)).get("Task/" + taskId).jsonPath().getString("meta.versionId")).isEqualTo("1");
  }

  @Test
  void scopesLimitTheInteractions() {
    assertThat(given(server.as(GP_A_READ_ONLY)).get("ServiceRequest/" + requestId).statusCode()).isEqualTo(200);
    Response write =
        given(server.as(GP_A_READ_ONLY)).contentType(FHIR_JSON).body(ReferralFixtures.json(ReferralFixtures.patient()))
            .post("Patient");
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(write.jsonPath().getString("issue[0].code")).isEqualTo("forbidden");
    Response taskCreate =
        given(server.as(GP_A)).contentType(FHIR_JSON).body("{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\"}")
            .post("Task");
    // Tasks are the server's to create, whatever the scopes: 405, with what the URL does answer.
    assertThat(taskCreate.statusCode()).isEqualTo(405);
    assertThat(taskCreate.header("Allow")).isEqualTo("GET");
    Response taskCreateWithScope =
        given(server.as(PROVIDER_1)).contentType(FHIR_JSON)
            .body("{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\"}").post("Task");
    assertThat(taskCreateWithScope.statusCode()).isEqualTo(405);
    String consent = given(server.as(GP_A)).get("Consent/" + consentId).asString();
    Response consentUpdate =
        given(server.as(GP_A)).contentType(FHIR_JSON).body(consent).put("Consent/" + consentId);
    assertThat(consentUpdate.statusCode()).isEqualTo(405);
  }

  @Test
  void aNextLinkTakenByAnotherOrganisationAnswersNothing() {
    for (int i = 0; i < 2; i++) {
      given(server.as(GP_A)).contentType(FHIR_JSON)
          .body(ReferralFixtures.json(ReferralFixtures.transaction(
              "REF-" + UUID.randomUUID(), "HealthcareService/" + ReferralDirectory.WALKING_FOOTBALL, null, nhsNumber)))
          .post("").then().statusCode(200);
    }
    JsonPath first = given(server.as(GP_A)).get("ServiceRequest?_count=1&_sort=-_lastUpdated").then().statusCode(200).extract().jsonPath();
    String next = first.getString("link.find { it.relation == 'next' }.url");
    assertThat(next).contains("_getpages=referral-");

    Response mine = given().header("Authorization", "Bearer " + GP_A).get(next);
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(mine.jsonPath().getList("entry")).hasSize(1);
    Response theirs = given().header("Authorization", "Bearer " + GP_B).get(next);
    assertThat(theirs.statusCode()).isEqualTo(410);
    assertThat(theirs.asString()).doesNotContain(nhsNumber).doesNotContain("ServiceRequest/");
    assertThat(given().get(next).statusCode()).isEqualTo(401);
  }

  @Test
  void theDirectoryResponseCacheNeverAnswersAReferralRequest() {
    // Directory searches are public and cached from their second sighting ...
    for (int i = 0; i < 3; i++) {
      given(server.as(null)).get("HealthcareService?_id=" + ReferralDirectory.WALKING_FOOTBALL).then().statusCode(200);
    }
    // ... but the same shapes of request on the referral side are checked every time.
    for (int i = 0; i < 3; i++) {
      given(server.as(GP_A)).get("ServiceRequest?_id=" + requestId).then().statusCode(200);
      given(server.as(GP_A)).get("ServiceRequest/" + requestId).then().statusCode(200);
    }
    assertThat(given(server.as(null)).get("ServiceRequest?_id=" + requestId).statusCode()).isEqualTo(401);
    assertThat(given(server.as(null)).get("ServiceRequest/" + requestId).statusCode()).isEqualTo(401);
    assertThat(given(server.as(GP_B)).get("ServiceRequest/" + requestId).statusCode()).isEqualTo(404);
    assertThat(given(server.as(GP_B)).get("ServiceRequest?_id=" + requestId).jsonPath().getInt("total")).isZero();
    // A directory type stays public; a referral-side one never comes from the directory.
    assertThat(given(server.as(null)).get("HealthcareService/" + ReferralDirectory.WALKING_FOOTBALL).statusCode()).isEqualTo(200);
  }
}
