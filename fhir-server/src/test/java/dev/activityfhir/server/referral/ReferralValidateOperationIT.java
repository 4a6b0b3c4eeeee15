package dev.activityfhir.server.referral;

import static dev.activityfhir.server.referral.FixedTokenAuthenticator.GP_A;
import static dev.activityfhir.server.referral.FixedTokenAuthenticator.GP_A_READ_ONLY;
import static dev.activityfhir.server.referral.FixedTokenAuthenticator.PROVIDER_1;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.server.fhir.ServedProfiles;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST [type]/$validate} on every referral type, with and without {@code profile}: 200 with an
 * OperationOutcome, for a caller whose token lets it write the type; nothing is stored.
 */
final class ReferralValidateOperationIT {

  @RegisterExtension static final ReferralServerExtension server = new ReferralServerExtension(1 << 20);

  private static final String FHIR_JSON = "application/fhir+json";
  private static final String SD = "https://activityfhir.dev/fhir/StructureDefinition/";

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "Patient, ",
    "Patient, https://activityfhir.dev/fhir/StructureDefinition/referral-patient",
    "Patient, https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient",
    "ServiceRequest, ",
    "ServiceRequest, https://activityfhir.dev/fhir/StructureDefinition/referral-servicerequest",
    "Consent, ",
    "Consent, http://hl7.org/fhir/StructureDefinition/Consent",
    "Task, ",
    "Task, https://activityfhir.dev/fhir/StructureDefinition/referral-task",
  })
  void aValidResourceHasNoErrors(String type, String profile) {
    String body = body(type);
    long referrals = storedReferrals();

    Response answer = validate(type.equals("Task") ? PROVIDER_1 : GP_A, type, body, profile);

    assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
    assertThat(answer.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
    assertThat(errors(answer.jsonPath())).as(answer.asString()).isEmpty();
    assertThat(storedReferrals()).isEqualTo(referrals);
  }

  @Test
  void aTaskBreakingTheProfilesInvariantGetsItsErrorWithAPath() {
    Task task = (Task) ServedProfiles.strictJsonParser().parseResource(body("Task"));
    task.setStatus(Task.TaskStatus.REJECTED).getMeta().getProfile().clear();
    String rejectedWithoutReason = ServedProfiles.strictJsonParser().encodeResourceToString(task);

    JsonPath outcome = validate(PROVIDER_1, "Task", rejectedWithoutReason, null).then().statusCode(200).extract().jsonPath();

    assertThat(errors(outcome).toString()).contains("referral-task-1");
    assertThat(outcome.getList("issue.findAll { it.severity == 'error' }.expression.flatten()").toString()).contains("Task");
    // Against FHIR R4's Task alone (and no profile claimed in meta) there is no such rule.
    assertThat(errors(validate(PROVIDER_1, "Task", rejectedWithoutReason, "http://hl7.org/fhir/StructureDefinition/Task")
            .then().statusCode(200).extract().jsonPath()))
        .isEmpty();
  }

  @Test
  void onlyACallerThatMayWriteTheTypeValidatesIt() {
    String patient = body("Patient");
    assertThat(given(server.as(null)).contentType(FHIR_JSON).body(patient).post("Patient/$validate").statusCode())
        .isEqualTo(401);
    Response readOnly = validate(GP_A_READ_ONLY, "Patient", patient, null);
    assertThat(readOnly.statusCode()).isEqualTo(403);
    assertThat(readOnly.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
    assertThat(validate(PROVIDER_1, "ServiceRequest", body("ServiceRequest"), null).statusCode()).isEqualTo(403);
  }

  @Test
  void anUnknownProfileOrAnotherTypeAnswers400() {
    Response unknown = validate(GP_A, "Patient", body("Patient"), "https://example.org/StructureDefinition/x");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.jsonPath().getList("issue.expression.flatten()")).contains("profile");
    Response other = validate(GP_A, "ServiceRequest", body("Patient"), null);
    assertThat(other.statusCode()).isEqualTo(400);
    assertThat(other.jsonPath().getList("issue.expression.flatten()")).contains("resource");
    assertThat(validate(GP_A, "Patient", body("Patient"), SD + "referral-consent").statusCode()).isEqualTo(400);
  }

  private static String body(String type) {
    return switch (type) {
      case "Patient" -> ReferralFixtures.json(ReferralFixtures.patient());
      case "ServiceRequest" -> ReferralFixtures.json(ReferralFixtures.serviceRequest("REF-" + UUID.randomUUID()));
      case "Consent" -> ReferralFixtures.json(ReferralFixtures.consent("Patient/someone"));
      default -> task();
    };
  }

  /** A Task the server made for a new referral, as its provider reads it. */
  private static String task() {
    Response posted =
        given(server.as(GP_A))
            .contentType(FHIR_JSON)
            .body(
                ReferralFixtures.json(
                    ReferralFixtures.transaction(
                        "REF-" + UUID.randomUUID(), "HealthcareService/" + ReferralDirectory.WALKING_FOOTBALL, null,
                        ReferralFixtures.newNhsNumber())))
            .post("");
    String requestId = posted.jsonPath().getString("entry[0].response.location").split("/")[1];
    String taskId =
        given(server.as(GP_A)).get("Task?focus=ServiceRequest/" + requestId).jsonPath().getString("entry[0].resource.id");
    return given(server.as(PROVIDER_1)).get("Task/" + taskId).then().statusCode(200).extract().asString();
  }

  private static Response validate(String token, String type, String body, String profile) {
    var request = given(server.as(token)).contentType(FHIR_JSON).body(body);
    if (profile != null && !profile.isBlank()) {
      request.queryParam("profile", profile);
    }
    return request.post(type + "/$validate");
  }

  private static List<String> errors(JsonPath outcome) {
    return outcome.getList("issue.findAll { it.severity == 'error' || it.severity == 'fatal' }.diagnostics");
  }

  private static long storedReferrals() {
    return given(server.as(GP_A)).get("ServiceRequest?_count=0").jsonPath().getLong("total");
  }
}
