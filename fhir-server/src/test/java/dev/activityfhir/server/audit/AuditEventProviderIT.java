package dev.activityfhir.server.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import dev.activityfhir.conformance.FhirValidation;
import dev.activityfhir.server.auth.AccessTokenIssuer;
import dev.activityfhir.server.auth.Caller;
import dev.activityfhir.server.auth.JwtAuthenticator;
import dev.activityfhir.server.auth.SigningKey;
import dev.activityfhir.server.referral.web.ReferralRestfulServer;
import dev.activityfhir.server.referral.web.ReferralServiceRef;
import dev.activityfhir.server.store.Database;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AuditEvent read and search over real HTTP, with real tokens: only an admin scope naming AuditEvent reads the
 * trail; every refusal and every read of the trail is itself recorded; next links re-check the token.
 */
class AuditEventProviderIT {

  private static final String ISSUER = "http://localhost/auth";
  private static final String AUDIENCE = "http://localhost/fhir";

  @TempDir static Path dataDir;

  private static Database database;
  private static AuditTrail trail;
  private static AccessTokenIssuer tokens;
  private static Server jetty;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    database = Database.open("jdbc:h2:mem:audit-" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
    trail = new AuditTrail(database.dataSource(), Clock.systemUTC());
    SigningKey key = SigningKey.loadOrCreate(dataDir);
    tokens = new AccessTokenIssuer(key, () -> ISSUER, () -> AUDIENCE, Duration.ofMinutes(5), Clock.systemUTC());
    JwtAuthenticator authenticator =
        new JwtAuthenticator(key.publicKeys(), () -> ISSUER, () -> AUDIENCE, Clock.systemUTC());
    // As the referral side serves it: authenticated first, one error path, every read and refusal recorded.
    // (The referral service itself is not needed: only the audit trail is read here.)
    RestfulServer fhir = new ReferralRestfulServer(new ReferralServiceRef(), authenticator, 1 << 20, () -> trail);
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(fhir), "/fhir/*");
    jetty.setHandler(context);
    jetty.start();
    base = "http://127.0.0.1:" + connector.getLocalPort() + "/fhir";
  }

  @AfterAll
  static void stop() throws Exception {
    jetty.stop();
    database.close();
  }

  @BeforeEach
  void emptyTrail() throws Exception {
    try (var connection = database.dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.execute("DELETE FROM audit_event");
    }
  }

  private static String bearer(String organization, String... scopes) {
    return "Bearer " + tokens.issue("client-" + organization.hashCode(), organization, List.of(scopes)).accessToken();
  }

  private static String admin() {
    return bearer("X26", "system/AuditEvent.rs");
  }

  private static final Caller SURGERY = new Caller("riverside-surgery", "A81001", Set.of());
  private static final Caller PROVIDER = new Caller("walk-well", "Organization/org-walk-well", Set.of());

  @Test
  void anAdminSearchesTheTrailByOrganisationAndOutcome() {
    trail.record(AuditRecord.success(SURGERY, Interaction.CREATE, "ServiceRequest", "sr-1", 201));
    trail.record(AuditRecord.refusal(PROVIDER, Interaction.READ, "ServiceRequest", "sr-2", 403, "not yours"));
    trail.record(AuditRecord.success(PROVIDER, Interaction.UPDATE, "Task", "t-1", 200));

    JsonPath surgery =
        given().header("Authorization", admin())
            .get(base + "/AuditEvent?agent:identifier=https://fhir.nhs.uk/Id/ods-organization-code|A81001")
            .then().statusCode(200).extract().jsonPath();
    assertThat(surgery.getInt("total")).isEqualTo(1);
    assertThat(surgery.getString("entry[0].resource.entity[0].what.reference")).isEqualTo("ServiceRequest/sr-1");
    assertThat(surgery.getString("entry[0].resource.action")).isEqualTo("C");
    assertThat(surgery.getString("entry[0].resource.agent[0].altId")).isEqualTo("riverside-surgery");
    assertThat(surgery.getString("entry[0].resource.agent[0].who.identifier.value")).isEqualTo("A81001");

    JsonPath refused =
        given().header("Authorization", admin())
            .get(base + "/AuditEvent?agent=Organization/org-walk-well&outcome=4")
            .then().statusCode(200).extract().jsonPath();
    assertThat(refused.getInt("total")).isEqualTo(1);
    assertThat(refused.getString("entry[0].resource.outcomeDesc")).isEqualTo("not yours");
    assertThat(refused.getString("entry[0].resource.subtype[0].code")).isEqualTo("read");

    String today = Instant.now().toString().substring(0, 10);
    given().header("Authorization", admin())
        .get(base + "/AuditEvent?date=ge" + today + "&altid=walk-well")
        .then().statusCode(200).body("total", equalTo(2));
    given().header("Authorization", admin())
        .get(base + "/AuditEvent?date=lt2020-01-01")
        .then().statusCode(200).body("total", equalTo(0));
  }

  @Test
  void aReadOfOneEventIsAValidAuditEvent() {
    String id = trail.record(AuditRecord.refusal(null, Interaction.SEARCH, "Task", null, 401, "token expired (exp)"));

    String json =
        given().header("Authorization", admin()).get(base + "/AuditEvent/" + id)
            .then().statusCode(200).body("outcome", equalTo("4")).body("agent[0].altId", equalTo("anonymous"))
            .extract().asString();

    AuditEvent event = FhirContext.forR4Cached().newJsonParser().parseResource(AuditEvent.class, json);
    assertThat(new FhirValidation().errors(event)).isEmpty();
    given().header("Authorization", admin()).get(base + "/AuditEvent/unknown-id").then().statusCode(404);
  }

  @Test
  void withoutATokenOrWithAWildcardScopeTheTrailIsClosedAndTheRefusalRecorded() {
    given().get(base + "/AuditEvent").then().statusCode(401)
        .body(containsString("no bearer token"));
    given().header("Authorization", bearer("A81001", "system/*.*")).get(base + "/AuditEvent").then().statusCode(403)
        .body(containsString("needs an admin scope naming AuditEvent"));
    given().header("Authorization", bearer("A81001", "system/AuditEvent.c")).get(base + "/AuditEvent")
        .then().statusCode(403);

    List<StoredAuditEvent> recorded = trail.search(new AuditQuery(null, null, null, null, null, 0, 10));
    assertThat(recorded).extracting(e -> e.record().httpStatus()).containsExactly(403, 403, 401);
    assertThat(recorded).extracting(e -> e.record().interaction()).containsOnly(Interaction.SEARCH);
    assertThat(recorded.get(0).record().detail()).startsWith("Reading the audit trail needs an admin scope");
    assertThat(recorded.get(2).record().clientId()).isEqualTo(AuditRecord.ANONYMOUS);
    assertThat(recorded.get(1).record().organization()).isEqualTo("A81001");
  }

  @Test
  void pagesAreOffsetLinksThatCheckTheTokenAgain() {
    for (int i = 0; i < 5; i++) {
      trail.record(AuditRecord.success(SURGERY, Interaction.READ, "ServiceRequest", "sr-" + i, 200));
    }

    JsonPath first =
        given().header("Authorization", admin()).get(base + "/AuditEvent?_count=2&altid=riverside-surgery")
            .then().statusCode(200).extract().jsonPath();
    assertThat(first.getInt("total")).isEqualTo(5);
    assertThat(first.getList("entry")).hasSize(2);
    String next = first.getString("link.find { it.relation == 'next' }.url");
    assertThat(next).contains("_offset=2");

    given().get(next).then().statusCode(401);
    JsonPath second = given().header("Authorization", admin()).get(next).then().statusCode(200).extract().jsonPath();
    assertThat(second.getList("entry")).hasSize(2);
    assertThat(second.getString("entry[0].resource.entity[0].what.reference")).isEqualTo("ServiceRequest/sr-2");
  }

  @Test
  void everyReadOfTheTrailIsItselfRecorded() {
    String id = trail.record(AuditRecord.success(SURGERY, Interaction.READ, "Task", "t-1", 200));

    given().header("Authorization", admin()).get(base + "/AuditEvent/" + id).then().statusCode(200);
    given().header("Authorization", admin()).get(base + "/AuditEvent?outcome=0").then().statusCode(200);

    List<StoredAuditEvent> recorded = trail.search(new AuditQuery(null, null, "X26", null, null, 0, 10));
    assertThat(recorded).extracting(e -> e.record().interaction()).containsExactly(Interaction.SEARCH, Interaction.READ);
    assertThat(recorded.get(1).record().resourceId()).isEqualTo(id);
    assertThat(recorded.get(1).record().resourceType()).isEqualTo("AuditEvent");
  }

  @Test
  void anUnknownOrMalformedParameterAnswers400() {
    given().header("Authorization", admin()).get(base + "/AuditEvent?patient=Patient/1").then().statusCode(400)
        .body(containsString("AuditEvent search has no parameter 'patient'"));
    given().header("Authorization", admin()).get(base + "/AuditEvent?outcome=99").then().statusCode(400);
    given().header("Authorization", admin()).get(base + "/AuditEvent?agent=Practitioner/1").then().statusCode(400);
  }
}
