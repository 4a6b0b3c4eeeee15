package dev.activityfhir.server.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import dev.activityfhir.server.Application;
import dev.activityfhir.server.config.AppConfig;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server as {@code main} starts it: SMART discovery, the built-in authorization server, tokens from a
 * client assertion and from the {@code token} command accepted, the audit trail closed without an admin token.
 */
class AccessControlIT {

  private static final String PUBLIC_BASE = "http://activity.test";
  private static final ECKey AUDITOR_KEY = TestTokens.ecKey("auditor-1");

  @TempDir static Path dataDir;

  private static Map<String, String> env;
  private static Application application;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    Path clients = dataDir.resolve("clients.json");
    Files.writeString(
        clients,
        """
        {"clients": [{"client_id": "auditor", "organization": "X26", "scope": "system/AuditEvent.rs",
                      "admin": true, "jwks": %s}]}
        """
            .formatted(TestTokens.publicSet(AUDITOR_KEY)));
    env =
        Map.of(
            "PORT", "0",
            "BIND_ADDRESS", "127.0.0.1",
            "DATA_DIR", dataDir.resolve("data").toString(),
            "OPENACTIVE_FEEDS", "http://127.0.0.1:9/feeds/none",
            "PUBLIC_BASE_URL", PUBLIC_BASE,
            "AUTH_CLIENTS_FILE", clients.toString());
    application = Application.newServer(AppConfig.fromEnvironment(env));
    application.start();
    assertThat(application.awaitFhirReady(Duration.ofSeconds(60))).isTrue();
    base = "http://127.0.0.1:" + application.port();
    awaitReferralSide();
  }

  /** The referral side opens a few seconds after the directory (503 until then). */
  private static void awaitReferralSide() throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TokenCommand.run(
        List.of("--org", "X26", "--scope", "system/AuditEvent.rs"),
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);
    String admin = "Bearer " + out.toString(StandardCharsets.UTF_8).trim();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (given().header("Authorization", admin).get(base + "/fhir/AuditEvent").statusCode() == 503
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  @AfterAll
  static void stop() {
    application.close();
  }

  @Test
  void anAdminClientGetsATokenByAssertionAndReadsTheAuditTrail() {
    JsonPath discovery =
        given().get(base + "/fhir/.well-known/smart-configuration").then().statusCode(200).extract().jsonPath();
    String tokenEndpoint = discovery.getString("token_endpoint");
    assertThat(tokenEndpoint).isEqualTo(PUBLIC_BASE + "/auth/token");
    assertThat(discovery.getString("issuer")).isEqualTo(PUBLIC_BASE + "/auth");

    String assertion =
        TestTokens.sign(
            AUDITOR_KEY,
            JWSAlgorithm.ES256,
            TestTokens.assertionClaims("auditor", tokenEndpoint, Instant.now()).build());
    String token =
        given()
            .contentType("application/x-www-form-urlencoded")
            .formParam("grant_type", "client_credentials")
            .formParam("client_assertion_type", TokenEndpoint.JWT_BEARER)
            .formParam("client_assertion", assertion)
            .formParam("scope", "system/AuditEvent.rs")
            .post(base + "/auth/token")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");

    given().get(base + "/fhir/AuditEvent").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
        .body("resourceType", equalTo("OperationOutcome"));
    JsonPath trail =
        given().header("Authorization", "Bearer " + token).get(base + "/fhir/AuditEvent?outcome=4")
            .then().statusCode(200).extract().jsonPath();
    assertThat(trail.getList("entry.resource.agent[0].altId", String.class)).contains("anonymous");
    assertThat(trail.getList("entry.resource.outcomeDesc", String.class)).contains(
        "no bearer token: send Authorization: Bearer <token>");
  }

  @Test
  void theTokenCommandWithTheServersEnvironmentPrintsATokenItAccepts() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        TokenCommand.run(
            List.of("--org", "X26", "--scope", "system/AuditEvent.rs"),
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);

    assertThat(status).isZero();
    given().header("Authorization", "Bearer " + out.toString(StandardCharsets.UTF_8).trim())
        .get(base + "/fhir/AuditEvent").then().statusCode(200).body("resourceType", equalTo("Bundle"));
  }

  @Test
  void aTokenWithoutTheAdminScopeIsForbiddenTheTrail() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TokenCommand.run(
        List.of("--org", "A81001", "--scope", "system/*.*"),
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);

    given().header("Authorization", "Bearer " + out.toString(StandardCharsets.UTF_8).trim())
        .get(base + "/fhir/AuditEvent").then().statusCode(403).body("resourceType", equalTo("OperationOutcome"));
  }

  @Test
  void theDirectoryStaysPublic() {
    given().get(base + "/fhir/Organization").then().statusCode(200).body("resourceType", equalTo("Bundle"));
    given().get(base + "/auth/jwks.json").then().statusCode(200).body("keys[0].kty", equalTo("EC"));
  }
}
