package dev.activityfhir.server.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.activityfhir.server.config.AppConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in authorization server over real HTTP on a free port: clients whose keys are made here and registered
 * in a temporary clients file sign assertions, get tokens, and the server's own {@link JwtAuthenticator} (and one
 * reading the published key set over HTTP) accepts them; every malformed or hostile request is refused.
 */
class AuthServerIT {

  @TempDir static Path dataDir;

  private static final ECKey SURGERY_KEY = TestTokens.ecKey("surgery-1");
  private static final RSAKey PROVIDER_KEY = TestTokens.rsaKey("provider-1");
  private static final ECKey REMOTE_KEY = TestTokens.ecKey("remote-1");

  private static Server jetty;
  private static int port;
  private static AuthComponents auth;

  @BeforeAll
  static void start() throws Exception {
    Path clients = dataDir.resolve("clients.json");
    Files.writeString(
        clients,
        """
        {"clients": [
          {"client_id": "riverside-surgery", "organization": "A81001",
           "scope": "system/ServiceRequest.cruds system/Patient.cru system/Task.rs",
           "jwks": %s},
          {"client_id": "walk-well", "organization": "Organization/org-walk-well",
           "scope": "system/ServiceRequest.rs system/Task.rus", "jwks": %s},
          {"client_id": "remote-keys", "organization": "B82002", "scope": "system/Task.rs",
           "jwks_uri": "http://127.0.0.1:%%d/client-keys"}
        ]}
        """
            .formatted(
                TestTokens.publicSet(SURGERY_KEY).toString(), TestTokens.publicSet(PROVIDER_KEY).toString()),
        StandardCharsets.UTF_8);
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    connector.open(); // the port is known before the clients file, which names it, is read
    port = connector.getLocalPort();
    Files.writeString(clients, Files.readString(clients).replace("%d", Integer.toString(port)));
    AppConfig config =
        AppConfig.fromEnvironment(
            Map.of("PORT", "0", "DATA_DIR", dataDir.toString(), "AUTH_CLIENTS_FILE", clients.toString()));
    auth = AuthComponents.fromConfig(config, () -> port, Clock.systemUTC());
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    auth.servlets().forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
    context.addServlet(new ServletHolder(new KeySetServlet(TestTokens.publicSet(REMOTE_KEY).toString())), "/client-keys");
    jetty.setHandler(context);
    jetty.start();
  }

  @AfterAll
  static void stop() throws Exception {
    jetty.stop();
  }

  /** Serves a client's public key set, as a client's own jwks_uri would. */
  private static final class KeySetServlet extends HttpServlet {
    private final String json;

    KeySetServlet(String json) {
      this.json = json;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("application/json");
      response.getWriter().write(json);
    }
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private static String tokenEndpoint() {
    return "http://localhost:" + port + "/auth/token";
  }

  private static String assertion(String clientId, JWK key, JWSAlgorithm algorithm) {
    return TestTokens.sign(key, algorithm, TestTokens.assertionClaims(clientId, tokenEndpoint(), Instant.now()).build());
  }

  private static Response requestToken(String assertion, String scope) {
    var request =
        given()
            .contentType("application/x-www-form-urlencoded")
            .formParam("grant_type", "client_credentials")
            .formParam("client_assertion_type", TokenEndpoint.JWT_BEARER)
            .formParam("client_assertion", assertion);
    if (scope != null) {
      request.formParam("scope", scope);
    }
    return request.post(url("/auth/token"));
  }

  @Test
  void discoveryAdvertisesTheTokenEndpointKeysAndPrivateKeyJwt() {
    JsonPath document =
        given().get(url("/fhir/.well-known/smart-configuration")).then().statusCode(200).extract().jsonPath();

    assertThat(document.getString("token_endpoint")).isEqualTo(tokenEndpoint());
    assertThat(document.getString("issuer")).isEqualTo("http://localhost:" + port + "/auth");
    assertThat(document.getString("jwks_uri")).isEqualTo("http://localhost:" + port + "/auth/jwks.json");
    assertThat(document.getList("token_endpoint_auth_methods_supported")).containsExactly("private_key_jwt");
    assertThat(document.getList("grant_types_supported")).containsExactly("client_credentials", "authorization_code");
    assertThat(document.getList("scopes_supported", String.class))
        .contains("system/ServiceRequest.cruds", "system/Task.rs", "system/AuditEvent.rs");
    assertThat(document.getList("capabilities", String.class))
        .contains("client-confidential-asymmetric", "permission-v2");
  }

  @Test
  void aRegisteredClientGetsATokenTheResourceServerAccepts() throws Exception {
    Response response = requestToken(assertion("riverside-surgery", SURGERY_KEY, JWSAlgorithm.ES256), null);

    response.then().statusCode(200).header("Cache-Control", "no-store").body("token_type", equalTo("bearer"));
    JsonPath body = response.jsonPath();
    assertThat(body.getLong("expires_in")).isEqualTo(300);
    assertThat(body.getString("scope"))
        .isEqualTo("system/ServiceRequest.cruds system/Patient.cru system/Task.rs");
    Caller caller = auth.authenticator().authenticate("Bearer " + body.getString("access_token"));
    assertThat(caller.clientId()).isEqualTo("riverside-surgery");
    assertThat(caller.organization()).isEqualTo("A81001");
    assertThat(caller.allows("ServiceRequest", Caller.Permission.CREATE)).isTrue();
    assertThat(caller.allows("Task", Caller.Permission.UPDATE)).isFalse();

    // A resource server elsewhere, trusting only the published key set, accepts it too.
    JwtAuthenticator elsewhere =
        new JwtAuthenticator(
            KeySources.remote(URI.create(url("/auth/jwks.json"))),
            () -> "http://localhost:" + port + "/auth",
            () -> "http://localhost:" + port + "/fhir",
            Clock.systemUTC());
    assertThat(elsewhere.authenticate("Bearer " + body.getString("access_token")).organization())
        .isEqualTo("A81001");
  }

  @Test
  void aNarrowerScopeIsGrantedAsAsked() {
    Response response =
        requestToken(
            assertion("walk-well", PROVIDER_KEY, JWSAlgorithm.RS384), "system/Task.ru system/ServiceRequest.read");

    response.then().statusCode(200).body("scope", equalTo("system/Task.ru system/ServiceRequest.read"));
    Caller caller = auth.authenticator().authenticate("Bearer " + response.jsonPath().getString("access_token"));
    assertThat(caller.organization()).isEqualTo("Organization/org-walk-well");
    assertThat(caller.scopes()).containsExactlyInAnyOrder("system/Task.ru", "system/ServiceRequest.read");
  }

  @Test
  void aClientWhoseKeysAreAtAJwksUriGetsAToken() {
    requestToken(assertion("remote-keys", REMOTE_KEY, JWSAlgorithm.ES256), "system/Task.rs")
        .then()
        .statusCode(200)
        .body("scope", equalTo("system/Task.rs"));
  }

  @Test
  void aReplayedAssertionIsRefused() {
    String once = assertion("riverside-surgery", SURGERY_KEY, JWSAlgorithm.ES256);
    requestToken(once, null).then().statusCode(200);

    requestToken(once, null)
        .then()
        .statusCode(401)
        .header("Cache-Control", "no-store")
        .body("error", equalTo("invalid_client"))
        .body("error_description", equalTo("client_assertion jti has been used before"));
  }

  @Test
  void anAssertionForAnotherAudienceIsRefused() {
    JWTClaimsSet claims =
        TestTokens.assertionClaims("riverside-surgery", "https://other.example/token", Instant.now()).build();

    requestToken(TestTokens.sign(SURGERY_KEY, JWSAlgorithm.ES256, claims), null)
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"))
        .body("error_description", equalTo(
            "client_assertion refused: token audience (aud) does not name " + tokenEndpoint()));
  }

  @Test
  void anUnknownClientIsRefused() {
    requestToken(assertion("stranger", TestTokens.ecKey("s"), JWSAlgorithm.ES256), null)
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"))
        .body("error_description", equalTo("unknown client stranger"));
  }

  @Test
  void anAssertionSignedWithAnotherKeyIsRefused() {
    requestToken(assertion("riverside-surgery", TestTokens.ecKey("surgery-1"), JWSAlgorithm.ES256), null)
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"))
        .body("error_description", equalTo(
            "client_assertion refused: token signature does not verify against the trusted keys"));
  }

  @Test
  void anAssertionLastingLongerThanFiveMinutesIsRefused() {
    JWTClaimsSet claims =
        TestTokens.assertionClaims("riverside-surgery", tokenEndpoint(), Instant.now())
            .expirationTime(java.util.Date.from(Instant.now().plusSeconds(3600)))
            .build();

    requestToken(TestTokens.sign(SURGERY_KEY, JWSAlgorithm.ES256, claims), null)
        .then()
        .statusCode(401)
        .body("error_description", equalTo("client_assertion exp is more than five minutes ahead"));
  }

  @Test
  void aScopeNotAllowedIsRefused() {
    requestToken(
            assertion("walk-well", PROVIDER_KEY, JWSAlgorithm.RS256), "system/Task.rs system/ServiceRequest.c")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_scope"))
        .body("error_description", equalTo("scope system/ServiceRequest.c is not allowed for client walk-well"));
    requestToken(assertion("walk-well", PROVIDER_KEY, JWSAlgorithm.RS256), "system/AuditEvent.rs")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_scope"));
  }

  @Test
  void anotherGrantTypeIsRefused() {
    given()
        .contentType("application/x-www-form-urlencoded")
        .formParam("grant_type", "password")
        .formParam("username", "x")
        .post(url("/auth/token"))
        .then()
        .statusCode(400)
        .body("error", equalTo("unsupported_grant_type"));
  }

  @Test
  void aRequestWithoutClientAuthenticationIsRefused() {
    given()
        .contentType("application/x-www-form-urlencoded")
        .formParam("grant_type", "client_credentials")
        .post(url("/auth/token"))
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void aJsonBodyOrAGetIsRefused() {
    given()
        .contentType("application/json")
        .body("{\"grant_type\":\"client_credentials\"}")
        .post(url("/auth/token"))
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
    given().get(url("/auth/token")).then().statusCode(405).header("Allow", "POST");
  }

  @Test
  void aMalformedAssertionIsRefused() {
    requestToken("not-a-jwt", null)
        .then()
        .statusCode(401)
        .body("error_description", equalTo("client_assertion is not a signed JWT"));
  }

  @Test
  void theKeySetHoldsOnlyThePublicSigningKey() {
    given()
        .get(url("/auth/jwks.json"))
        .then()
        .statusCode(200)
        .body("keys.kty", hasItem("EC"))
        .body("keys.crv", hasItem("P-256"))
        .body("keys[0].d", equalTo(null));
  }
}
