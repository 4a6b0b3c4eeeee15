package dev.activityfhir.server.referral;

import static dev.activityfhir.server.referral.FixedTokenAuthenticator.AUDITOR;
import static dev.activityfhir.server.referral.FixedTokenAuthenticator.GP_A;
import static dev.activityfhir.server.referral.FixedTokenAuthenticator.GP_B;
import static dev.activityfhir.server.referral.FixedTokenAuthenticator.PROVIDER_2;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The referral side's audit trail over HTTP: each write recorded with its transaction, each read and search, each
 * refusal (no token, another organisation's referral, a write that fails its rules), readable by an admin only.
 */
final class ReferralAuditIT {

  private static final String FHIR_JSON = "application/fhir+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final ReferralServerExtension server = new ReferralServerExtension(1 << 20);

  private static String requestId;
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
  }

  /** The audit events about {@code reference} (e.g. ServiceRequest/123), newest first, as an admin reads them. */
  private static List<Map<String, Object>> eventsAbout(String query, String reference) {
    JsonPath page =
        given(server.as(AUDITOR)).get("AuditEvent?_count=200&" + query).then().statusCode(200).extract().jsonPath();
    List<Map<String, Object>> events = page.getList("entry.resource");
    return events == null
        ? List.of()
        : events.stream()
            .filter(e -> String.valueOf(e.get("entity")).contains(reference))
            .toList();
  }

  private static String path(Map<String, Object> event, String jsonPath) {
    return JsonPath.from(JSON.valueToTree(event).toString()).getString(jsonPath);
  }

  @Test
  void theTransactionsWritesAreRecordedAsSuccessesOfTheReferrer() {
    List<Map<String, Object>> created =
        eventsAbout("altid=gp-a-client&outcome=0", "ServiceRequest/" + requestId).stream()
            .filter(e -> "C".equals(e.get("action")))
            .toList();

    assertThat(created).hasSize(1);
    assertThat(path(created.get(0), "agent[0].who.identifier.value")).isEqualTo("A81001");
    assertThat(path(created.get(0), "subtype[0].code")).isEqualTo("create");
    assertThat(path(created.get(0), "outcome")).isEqualTo("0");
  }

  @Test
  void aReadAndASearchAreRecorded() {
    given(server.as(GP_A)).get("ServiceRequest/" + requestId).then().statusCode(200);
    given(server.as(GP_A)).get("Task?focus=ServiceRequest/" + requestId).then().statusCode(200);

    List<Map<String, Object>> reads = eventsAbout("altid=gp-a-client", "ServiceRequest/" + requestId);
    assertThat(reads).extracting(e -> path(e, "subtype[0].code")).contains("read");
    JsonPath searches =
        given(server.as(AUDITOR)).get("AuditEvent?altid=gp-a-client&_count=200").then().extract().jsonPath();
    assertThat(searches.getList("entry.resource.subtype[0].code", String.class)).contains("search-type");
    assertThat(searches.getList("entry.resource.entity[0].type.code", String.class)).contains("Task");
  }

  @Test
  void refusalsAreRecordedWithWhoAndWhyButNoPatientDetails() {
    given(server.as(null)).get("ServiceRequest/" + requestId).then().statusCode(401);
    given(server.as(GP_B)).get("ServiceRequest/" + requestId).then().statusCode(404);

    List<Map<String, Object>> refused = eventsAbout("outcome=4", "ServiceRequest/" + requestId);
    assertThat(refused).extracting(e -> path(e, "agent[0].altId")).contains("anonymous", "gp-b-client");
    Map<String, Object> anonymous =
        refused.stream().filter(e -> path(e, "agent[0].altId").equals("anonymous")).findFirst().orElseThrow();
    assertThat(path(anonymous, "outcomeDesc")).isEqualTo("A bearer token is required");
    assertThat(path(anonymous, "subtype[0].code")).isEqualTo("read");
    Map<String, Object> otherPractice =
        refused.stream().filter(e -> path(e, "agent[0].altId").equals("gp-b-client")).findFirst().orElseThrow();
    assertThat(path(otherPractice, "agent[0].who.identifier.value")).isEqualTo("B82002");
    assertThat(path(otherPractice, "outcomeDesc")).isEqualTo("HTTP 404");
    String trail = given(server.as(AUDITOR)).get("AuditEvent?_count=500").asString();
    assertThat(trail).doesNotContain(nhsNumber);
  }

  @Test
  void aRefusedWriteLeavesARefusalAndNoSuccess() {
    String taskId =
        given(server.as(GP_A)).get("Task?focus=ServiceRequest/" + requestId).jsonPath().getString("entry[0].resource.id");
    String patch = "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"accepted\"}]";
    given(server.as(PROVIDER_2)).contentType("application/json-patch+json").body(patch)
        .patch("Task/" + taskId).then().statusCode(404);

    List<Map<String, Object>> aboutTask =
        eventsAbout("agent=Organization/org-provider-2", "Task/" + taskId);
    assertThat(aboutTask).isNotEmpty().allSatisfy(e -> assertThat(path(e, "outcome")).isEqualTo("4"));
    assertThat(aboutTask).extracting(e -> path(e, "subtype[0].code")).contains("patch");
  }

  @Test
  void aBodyRefusedBeforeParsingIsRecordedWithItsCaller() {
    given(server.as(GP_A)).contentType("text/plain").body("hello").post("Patient").then().statusCode(415);

    JsonPath refused =
        given(server.as(AUDITOR)).get("AuditEvent?altid=gp-a-client&outcome=4&_count=200").then().extract().jsonPath();
    assertThat(refused.getList("entry.resource.outcomeDesc", String.class)).contains("HTTP 415");
    assertThat(refused.getList("entry.resource.entity[0].type.code", String.class)).contains("Patient");
  }

  @Test
  void onlyAnAdminReadsTheTrail() {
    given(server.as(GP_A)).get("AuditEvent").then().statusCode(403);
    given(server.as(null)).get("AuditEvent").then().statusCode(401);
  }
}
