package dev.activityfhir.server.referral;

import static dev.activityfhir.server.referral.FixedTokenAuthenticator.GP_A;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.UUID;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every write is checked before anything is stored: the referral rules (422 with the element path), R4 structure,
 * NHS numbers, and hostile bodies (400, 413, 415), never a 5xx and never a change to stored data.
 */
final class ReferralValidationIT {

  /** A small limit so that the 413 case stays small. */
  @RegisterExtension static final ReferralServerExtension server = new ReferralServerExtension(256 * 1024);

  private static final String FHIR_JSON = "application/fhir+json";
  private static String patientId;

  @BeforeAll
  static void patient() {
    patientId =
        given(server.as(GP_A)).contentType(FHIR_JSON).body(ReferralFixtures.json(ReferralFixtures.patient())).post("Patient")
            .then().statusCode(201).extract().jsonPath().getString("id");
  }

  private static ServiceRequest referral() {
    ServiceRequest request = ReferralFixtures.serviceRequest("REF-" + UUID.randomUUID());
    request.setSubject(new Reference("Patient/" + patientId));
    return request;
  }

  private static Response post(String type, String body) {
    return given(server.as(GP_A)).contentType(FHIR_JSON).body(body).post(type);
  }

  private static long storedReferrals() {
    return given(server.as(GP_A)).get("ServiceRequest?_count=0").jsonPath().getLong("total");
  }

  @Test
  void aValidReferralIsAccepted() {
    assertThat(post("ServiceRequest", ReferralFixtures.json(referral())).statusCode()).isEqualTo(201);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "no subject, subject, ServiceRequest.subject",
    "draft status, status, ServiceRequest.status",
    "no intent, intent, ServiceRequest.intent",
    "no requester, requester, ServiceRequest.requester",
    "no authoredOn, authoredOn, ServiceRequest.authoredOn",
    "performer not in the directory, performer, ServiceRequest.performer[0]",
    "performer of another kind, performerKind, ServiceRequest.performer[0]",
    "unknown Patient, unknownPatient, ServiceRequest.subject",
  })
  void aReferralBreakingARuleAnswers422WithItsElementPath(String why, String breaking, String expression) {
    ServiceRequest request = referral();
    switch (breaking) {
      case "subject" -> request.setSubject(null);
      case "status" -> request.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
      case "intent" -> request.setIntent(ServiceRequest.ServiceRequestIntent.PLAN);
      case "requester" -> request.setRequester(null);
      case "authoredOn" -> request.setAuthoredOn(null);
      case "performer" -> request.getPerformerFirstRep().setReference("HealthcareService/not-in-directory");
      case "performerKind" -> request.getPerformerFirstRep().setReference("Practitioner/someone");
      case "unknownPatient" -> request.setSubject(new Reference("Patient/" + UUID.randomUUID()));
      default -> throw new IllegalArgumentException(breaking);
    }
    long before = storedReferrals();

    Response refused = post("ServiceRequest", ReferralFixtures.json(request));

    assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(422);
    assertThat(refused.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
    assertThat(refused.jsonPath().getList("issue.expression.flatten()")).contains(expression);
    assertThat(storedReferrals()).isEqualTo(before);
  }

  @Test
  void anNhsNumberFailingModulus11Answers422() {
    // The UK Core example's own NHS number does not pass the check.
    String ukCore = ReferralFixtures.json(ReferralFixtures.patient()).replace(ReferralFixtures.VALID_NHS_NUMBER, "9912003890");
    Response refused = post("Patient", ukCore);
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.jsonPath().getString("issue[0].expression[0]")).isEqualTo("Patient.identifier[0].value");
    assertThat(refused.jsonPath().getString("issue[0].diagnostics")).contains("9912003890");
  }

  @Test
  void aStructureErrorAnswers422WithTheValidatorsPath() {
    // Consent.status is 1..1 in R4.
    Response refused =
        post("Consent", "{\"resourceType\":\"Consent\",\"scope\":{\"text\":\"privacy\"},\"category\":[{\"text\":\"consent\"}],"
            + "\"patient\":{\"reference\":\"Patient/" + patientId + "\"}}");
    assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(422);
    assertThat(refused.jsonPath().getList("issue.expression.flatten()").toString()).contains("Consent");
  }

  @Test
  void hostileBodiesAnswer4xxWithAnOperationOutcomeAndStoreNothing() {
    long before = storedReferrals();

    assertOutcome(post("ServiceRequest", "{\"resourceType\":\"ServiceRequest\",\"status\":"), 400);
    assertOutcome(post("ServiceRequest", "{\"resourceType\":\"ServiceRequest\",\"status\":\"active\",\"colour\":\"red\"}"), 400);
    assertOutcome(post("ServiceRequest", "[1,2,3]"), 400);
    assertOutcome(post("ServiceRequest", "{\"resourceType\":\"Patient\"}"), 400);

    StringBuilder deep = new StringBuilder("{\"resourceType\":\"Patient\",\"extension\":[");
    for (int i = 0; i < 5000; i++) {
      deep.append("{\"url\":\"http://example.org/x\",\"extension\":[");
    }
    deep.append("]}".repeat(5000)).append("]}");
    Response nested = post("Patient", deep.toString());
    assertThat(nested.statusCode()).isBetween(400, 499);

    String huge = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + "x".repeat(300 * 1024) + "\"}]}";
    assertOutcome(post("Patient", huge), 413);
    Response chunked =
        given(server.as(GP_A)).contentType(FHIR_JSON)
            .body(new java.io.ByteArrayInputStream(huge.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .post("Patient");
    assertOutcome(chunked, 413);

    assertOutcome(given(server.as(GP_A)).contentType("text/plain").body("hello").post("Patient"), 415);

    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>"
            + "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&secret;\"/></name></Patient>";
    Response entity = given(server.as(GP_A)).contentType("application/fhir+xml").body(xxe).post("Patient");
    assertThat(entity.statusCode()).isBetween(400, 499);
    assertThat(entity.asString()).doesNotContain("root:");

    assertThat(storedReferrals()).isEqualTo(before);
  }

  @Test
  void unknownTypesAnswer404() {
    assertThat(given(server.as(GP_A)).get("Banana/1").statusCode()).isEqualTo(404);
  }

  private static void assertOutcome(Response response, int status) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
    assertThat(response.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
    assertThat(response.asString()).doesNotContain("at dev.activityfhir").doesNotContain("Exception:");
  }
}
