package dev.activityfhir.server.referral;

import static dev.activityfhir.server.referral.FixedTokenAuthenticator.GP_A;
import static dev.activityfhir.server.referral.FixedTokenAuthenticator.GP_A_READ_ONLY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The HTTP protocol of the referral side beyond single reads and writes: Prefer per Bundle entry, a refused
 * transaction entry located in the Bundle, 405 for interactions not offered, and how refusals are logged.
 */
final class ReferralProtocolIT {

  @RegisterExtension static final ReferralServerExtension server = new ReferralServerExtension(1 << 20);

  private static final String FHIR_JSON = "application/fhir+json";

  private static String requestId;
  private static String patientId;

  @BeforeAll
  static void referral() {
    Response posted =
        transaction(GP_A, "REF-" + UUID.randomUUID(), ReferralFixtures.newNhsNumber(), null);
    assertThat(posted.statusCode()).as(posted.asString()).isEqualTo(200);
    requestId = posted.jsonPath().getString("entry[0].response.location").split("/")[1];
    patientId = posted.jsonPath().getString("entry[1].response.location").split("/")[1];
  }

  /** The referral transaction (Patient + Consent + ServiceRequest) with the Prefer header given, if any. */
  private static Response transaction(String token, String identifier, String nhsNumber, String prefer) {
    var request = given(server.as(token)).contentType(FHIR_JSON);
    if (prefer != null) {
      request = request.header("Prefer", prefer);
    }
    return request
        .body(ReferralFixtures.json(ReferralFixtures.transaction(
            identifier, "HealthcareService/" + ReferralDirectory.WALKING_FOOTBALL, null, nhsNumber)))
        .post("");
  }

  @Test
  void transactionEntriesAnswerAsPreferSays() {
    JsonPath representation =
        transaction(
                GP_A, "REF-" + UUID.randomUUID(), ReferralFixtures.newNhsNumber(), "return=representation")
            .then().statusCode(200).extract().jsonPath();
    assertThat(representation.getList("entry.resource.resourceType"))
        .containsExactly("ServiceRequest", "Patient", "Consent");
    String id = representation.getString("entry[0].resource.id");
    assertThat(representation.getString("entry[0].fullUrl")).isEqualTo("ServiceRequest/" + id);
    assertThat(representation.getString("entry[0].resource.meta.versionId")).isEqualTo("1");
    assertThat(representation.getString("entry[0].response.location")).isEqualTo("ServiceRequest/" + id + "/_history/1");
    assertThat(representation.getString("entry[0].resource.subject.reference"))
        .isEqualTo(representation.getString("entry[1].response.location").replace("/_history/1", ""));

    JsonPath outcome =
        transaction(
                GP_A, "REF-" + UUID.randomUUID(), ReferralFixtures.newNhsNumber(), "return=OperationOutcome")
            .then().statusCode(200).extract().jsonPath();
    assertThat(outcome.getList("entry.resource")).allMatch(r -> r == null);
    assertThat(outcome.getList("entry.response.outcome.resourceType")).containsOnly("OperationOutcome");
    assertThat(outcome.getString("entry[1].response.outcome.issue[0].diagnostics")).startsWith("Created Patient/");

    JsonPath minimal =
        transaction(
                GP_A, "REF-" + UUID.randomUUID(), ReferralFixtures.newNhsNumber(), "return=minimal")
            .then().statusCode(200).extract().jsonPath();
    assertThat(minimal.getList("entry.resource")).allMatch(r -> r == null);
    assertThat(minimal.getList("entry.response.outcome")).allMatch(r -> r == null);
    assertThat(minimal.getList("entry.response.status")).containsExactly("201 Created", "201 Created", "201 Created");

    // A batch too: the entry's resource as stored.
    Patient patient = ReferralFixtures.patient();
    patient.getIdentifierFirstRep().setValue(ReferralFixtures.newNhsNumber());
    Bundle batch = new Bundle().setType(BundleType.BATCH);
    batch.addEntry().setResource(patient).getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
    JsonPath batchAnswer =
        given(server.as(GP_A)).contentType(FHIR_JSON).header("Prefer", "return=representation")
            .body(ReferralFixtures.json(batch)).post("").then().statusCode(200).extract().jsonPath();
    assertThat(batchAnswer.getString("entry[0].resource.identifier[0].value"))
        .isEqualTo(patient.getIdentifierFirstRep().getValue());
  }

  @Test
  void aRefusedTransactionEntryIsNamedInTheBundleAndNothingOfItIsStored() {
    String nhsNumber = ReferralFixtures.newNhsNumber();
    String identifier = "REF-" + UUID.randomUUID();
    Patient patient = ReferralFixtures.patient();
    patient.getIdentifierFirstRep().setValue(nhsNumber);
    ServiceRequest request = ReferralFixtures.serviceRequest(identifier);
    request.setSubject(new Reference("Patient/not-a-patient-of-yours"));
    Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
    bundle.addEntry().setFullUrl(ReferralFixtures.PATIENT_URN).setResource(patient)
        .getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
    bundle.addEntry().setFullUrl(ReferralFixtures.CONSENT_URN).setResource(ReferralFixtures.consent(ReferralFixtures.PATIENT_URN))
        .getRequest().setMethod(HTTPVerb.POST).setUrl("Consent");
    bundle.addEntry().setResource(request).getRequest().setMethod(HTTPVerb.POST).setUrl("ServiceRequest");

    Response refused = given(server.as(GP_A)).contentType(FHIR_JSON).body(ReferralFixtures.json(bundle)).post("");

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
    assertThat(refused.jsonPath().getString("issue[0].code")).isEqualTo("business-rule");
    assertThat(refused.jsonPath().getList("issue[0].expression")).containsExactly("Bundle.entry[2].resource.subject");
    assertThat(given(server.as(GP_A)).queryParam("identifier", "https://fhir.nhs.uk/Id/nhs-number|" + nhsNumber)
        .get("Patient").jsonPath().getInt("total")).as("the Patient of entry 0 is not kept").isZero();
    assertThat(given(server.as(GP_A)).queryParam("identifier", "https://gp.example.org/referral-id|" + identifier)
        .get("ServiceRequest").jsonPath().getInt("total")).isZero();

    // A conditional header of an entry is located in its request.
    bundle.getEntry().get(2).getRequest().setIfNoneExist("_count=1");
    Response badCondition = given(server.as(GP_A)).contentType(FHIR_JSON).body(ReferralFixtures.json(bundle)).post("");
    assertThat(badCondition.statusCode()).isEqualTo(400);
    assertThat(badCondition.jsonPath().getList("issue[0].expression")).containsExactly("Bundle.entry[2].request.ifNoneExist");
  }

  @Test
  void interactionsNotOfferedAnswer405WithAllowAndAnOperationOutcome() {
    record Case(String method, String path, String allow) {}
    List<Case> cases =
        List.of(
            new Case("DELETE", "ServiceRequest/" + requestId, "GET, PUT"),
            new Case("DELETE", "Patient/" + patientId, "GET, PUT"),
            new Case("DELETE", "ServiceRequest", "GET, POST"),
            new Case("PATCH", "ServiceRequest/" + requestId, "GET, PUT"),
            new Case("PUT", "Consent/any", "GET"),
            new Case("POST", "Task", "GET"),
            new Case("DELETE", "Task/any", "GET, PUT, PATCH"),
            new Case("PUT", "AuditEvent/any", "GET"),
            new Case("GET", "ServiceRequest/_history", ""),
            new Case("POST", "ServiceRequest/" + requestId + "/$everything", ""));
    for (Case c : cases) {
      Response answer =
          given(server.as(GP_A)).contentType(FHIR_JSON).body("{}").request(c.method(), c.path());
      assertThat(answer.statusCode()).as(c.toString()).isEqualTo(405);
      assertThat(answer.header("Allow")).as(c.toString()).isEqualTo(c.allow());
      assertThat(answer.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
      assertThat(answer.jsonPath().getString("issue[0].code")).isEqualTo("not-supported");
    }
    // Nothing changed, and nobody learns even that without a token.
    given(server.as(GP_A)).get("ServiceRequest/" + requestId).then().statusCode(200);
    Response anonymous = given(server.as(null)).delete("ServiceRequest/" + requestId);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.header("Allow")).isNull();
  }

  @Test
  void metadataDescribesTheReferralSideAndItsSecurity() {
    JsonPath metadata = given().baseUri(server.baseUrl()).get("metadata").then().statusCode(200).extract().jsonPath();
    String rest = "rest[0].";
    assertThat(metadata.getList(rest + "resource.type"))
        .contains("HealthcareService", "ServiceRequest", "Patient", "Consent", "Task", "AuditEvent");
    String referral = rest + "resource.find { it.type == 'ServiceRequest' }.";
    assertThat(metadata.getList(referral + "interaction.code"))
        .containsExactly("create", "read", "vread", "update", "history-instance", "search-type");
    assertThat(metadata.getBoolean(referral + "conditionalCreate")).isTrue();
    assertThat(metadata.getString(referral + "versioning")).isEqualTo("versioned-update");
    assertThat(metadata.getString(referral + "conditionalDelete")).isEqualTo("not-supported");
    assertThat(metadata.getList(referral + "searchParam.name"))
        .contains("identifier", "subject", "performer", "requester", "status", "authored", "_lastUpdated");
    assertThat(metadata.getList(referral + "searchInclude"))
        .containsExactly("ServiceRequest:patient", "ServiceRequest:performer", "ServiceRequest:requester");
    assertThat(metadata.getList(referral + "searchRevInclude")).containsExactly("Task:focus");
    String task = rest + "resource.find { it.type == 'Task' }.";
    assertThat(metadata.getList(task + "interaction.code")).contains("update", "patch").doesNotContain("create");
    assertThat(metadata.getList(task + "searchParam.name")).contains("owner", "business-status");
    assertThat(metadata.getList(rest + "resource.find { it.type == 'AuditEvent' }.interaction.code"))
        .containsExactly("read", "search-type");
    assertThat(metadata.getList(rest + "interaction.code")).contains("transaction", "batch");
    assertThat(metadata.getString(rest + "security.service[0].coding[0].system"))
        .isEqualTo("http://terminology.hl7.org/CodeSystem/restful-security-service");
    assertThat(metadata.getString(rest + "security.service[0].coding[0].code")).isEqualTo("SMART-on-FHIR");
    String oauth =
        rest + "security.extension.find { it.url == 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris' }";
    assertThat(metadata.getString(oauth + ".extension.find { it.url == 'token' }.valueUri"))
        .isEqualTo("http://127.0.0.1/auth/token");
    assertThat(metadata.getString(oauth + ".extension.find { it.url == 'authorize' }.valueUri"))
        .isEqualTo("http://127.0.0.1/auth/authorize");
  }

  @Test
  void refusalsAreLoggedOnceWithoutAStackTraceTheTokenOrThePersonsDetails() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    String marker = UUID.randomUUID().toString();
    String forgedToken = "forged-" + UUID.randomUUID();
    String nhsNumber = ReferralFixtures.newNhsNumber();
    try {
      given(server.as(null)).get("ServiceRequest/" + marker + "-none").then().statusCode(401);
      given(server.as(forgedToken)).get("ServiceRequest/" + marker + "-forged").then().statusCode(401);
      given(server.as(forgedToken))
          .queryParam("identifier", "https://fhir.nhs.uk/Id/nhs-number|" + nhsNumber).queryParam("family", marker)
          .get("Patient").then().statusCode(401);
      Patient patient = ReferralFixtures.patient();
      patient.getIdentifierFirstRep().setValue(nhsNumber);
      given(server.as(GP_A_READ_ONLY)).contentType(FHIR_JSON).body(ReferralFixtures.json(patient))
          .post("Patient?marker=" + marker).then().statusCode(403);
    } finally {
      root.detachAppender(appender);
    }
    List<ILoggingEvent> events = List.copyOf(appender.list);

    assertThat(events).filteredOn(e -> e.getLevel() == Level.ERROR).isEmpty();
    assertThat(events).allSatisfy(e -> assertThat(e.getThrowableProxy()).as(e.getFormattedMessage()).isNull());
    assertThat(events).extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains(forgedToken) || m.contains(nhsNumber) || m.contains("Melanie"));
    List<ILoggingEvent> refusedNone = about(events, marker + "-none");
    assertThat(refusedNone).hasSize(1);
    assertThat(refusedNone.get(0).getLevel()).isEqualTo(Level.WARN);
    assertThat(refusedNone.get(0).getFormattedMessage())
        .isEqualTo("GET /ServiceRequest/" + marker + "-none refused 401: A bearer token is required");
    assertThat(about(events, marker + "-forged")).hasSize(1).allMatch(e -> e.getLevel() == Level.WARN);
    List<ILoggingEvent> refusedWrites =
        events.stream().filter(e -> e.getFormattedMessage().startsWith("POST /Patient refused 403")).toList();
    assertThat(refusedWrites).hasSize(1);
    assertThat(refusedWrites.get(0).getLevel()).isEqualTo(Level.WARN);
  }

  private static List<ILoggingEvent> about(List<ILoggingEvent> events, String text) {
    return events.stream().filter(e -> e.getFormattedMessage().contains(text)).toList();
  }
}
