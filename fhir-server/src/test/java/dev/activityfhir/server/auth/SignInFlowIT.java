package dev.activityfhir.server.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.activityfhir.server.Application;
import dev.activityfhir.server.config.AppConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Activity Finder's sign-in over real HTTP against the whole server: the authorization endpoint's form, the
 * name and password posted with the request's one-time id, the code exchanged with its PKCE verifier for an access
 * token (which the referral side accepts) and a signed ID token; and every refusal: a wrong password (the same
 * answer as an unknown name), a wrong verifier, a reused code, another redirect URI, an unregistered one, no PKCE.
 */
class SignInFlowIT {

  private static final String PUBLIC_BASE = "http://activity.test";
  private static final String REDIRECT = PUBLIC_BASE + "/";
  private static final String CLIENT = "activity-finder";
  private static final String PROVIDER_ORG = "Organization/f3782065cbcf0be04a40191cba4dbf2b";

  @TempDir static Path dataDir;

  private static Application application;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    Path users = dataDir.resolve("users.json");
    Files.writeString(
        users,
        """
        {"users": [
          {"username": "jo.link", "password_hash": "%s", "name": "Jo Link", "organization": "A81001",
           "organization_name": "Riverside Surgery", "role": "referrer"},
          {"username": "sam.provider", "password_hash": "%s", "name": "Sam Provider",
           "organization": "%s", "role": "provider"}
        ]}
        """
            .formatted(
                PasswordHash.hash("correct horse".toCharArray()),
                PasswordHash.hash("battery staple".toCharArray()),
                PROVIDER_ORG));
    application =
        Application.newServer(
            AppConfig.fromEnvironment(
                Map.of(
                    "PORT", "0",
                    "BIND_ADDRESS", "127.0.0.1",
                    "DATA_DIR", dataDir.resolve("data").toString(),
                    "OPENACTIVE_FEEDS", "http://127.0.0.1:9/feeds/none",
                    "PUBLIC_BASE_URL", PUBLIC_BASE,
                    "AUTH_USERS_FILE", users.toString())));
    application.start();
    assertThat(application.awaitFhirReady(Duration.ofSeconds(60))).isTrue();
    base = "http://127.0.0.1:" + application.port();
  }

  @AfterAll
  static void stop() {
    if (application != null) {
      application.close();
    }
  }

  /** A PKCE verifier and its S256 challenge, new for each sign-in. */
  private record Verifier(String verifier, String challenge) {
    static Verifier fresh() {
      byte[] random = new byte[32];
      new java.security.SecureRandom().nextBytes(random);
      String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      return new Verifier(verifier, Pkce.challengeOf(verifier));
    }
  }

  private static Response authorize(Map<String, String> overrides) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", CLIENT);
    query.put("redirect_uri", REDIRECT);
    query.put("scope", "openid profile");
    query.put("state", "state-123");
    query.put("nonce", "nonce-456");
    query.put("code_challenge", Verifier.fresh().challenge());
    query.put("code_challenge_method", "S256");
    query.putAll(overrides);
    query.values().removeIf(v -> v == null || v.isEmpty());
    return given().redirects().follow(false).queryParams(query).get(base + "/auth/authorize");
  }

  private static String requestId(Response form) {
    Matcher m = Pattern.compile("name=\"request_id\" value=\"([^\"]+)\"").matcher(form.asString());
    assertThat(m.find()).as("the form carries a request id").isTrue();
    return m.group(1);
  }

  private static Response postSignIn(String requestId, String username, String password) {
    return given()
        .redirects()
        .follow(false)
        .contentType("application/x-www-form-urlencoded")
        .formParam("request_id", requestId)
        .formParam("username", username)
        .formParam("password", password)
        .post(base + "/auth/authorize");
  }

  private static Map<String, String> query(String location) {
    Map<String, String> parameters = new LinkedHashMap<>();
    String query = URI.create(location).getRawQuery();
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      parameters.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return parameters;
  }

  /** Signs in through the form and returns the code sent to the redirect URI. */
  private static String signIn(Verifier verifier, String username, String password) {
    Response form = authorize(Map.of("code_challenge", verifier.challenge()));
    form.then().statusCode(200);
    Response back = postSignIn(requestId(form), username, password);
    back.then().statusCode(302);
    String location = back.header("Location");
    assertThat(location).startsWith(REDIRECT + "?code=");
    Map<String, String> parameters = query(location);
    assertThat(parameters.get("state")).isEqualTo("state-123");
    return parameters.get("code");
  }

  private static Response exchange(String code, String verifier, String redirectUri) {
    return given()
        .contentType("application/x-www-form-urlencoded")
        .formParam("grant_type", "authorization_code")
        .formParam("code", code)
        .formParam("client_id", CLIENT)
        .formParam("redirect_uri", redirectUri)
        .formParam("code_verifier", verifier)
        .post(base + "/auth/token");
  }

  @Test
  void discoveryDocumentsDescribeTheCodeFlowWithPkce() {
    JsonPath openid =
        given().get(base + "/auth/.well-known/openid-configuration").then().statusCode(200).extract().jsonPath();
    assertThat(openid.getString("issuer")).isEqualTo(PUBLIC_BASE + "/auth");
    assertThat(openid.getString("authorization_endpoint")).isEqualTo(PUBLIC_BASE + "/auth/authorize");
    assertThat(openid.getString("token_endpoint")).isEqualTo(PUBLIC_BASE + "/auth/token");
    assertThat(openid.getString("jwks_uri")).isEqualTo(PUBLIC_BASE + "/auth/jwks.json");
    assertThat(openid.getList("response_types_supported")).containsExactly("code");
    assertThat(openid.getList("code_challenge_methods_supported")).containsExactly("S256");
    assertThat(openid.getList("id_token_signing_alg_values_supported")).containsExactly("ES256");
    assertThat(openid.getList("scopes_supported", String.class)).contains("openid", "user/Task.rus");

    JsonPath smart =
        given().get(base + "/fhir/.well-known/smart-configuration").then().statusCode(200).extract().jsonPath();
    assertThat(smart.getString("authorization_endpoint")).isEqualTo(PUBLIC_BASE + "/auth/authorize");
    assertThat(smart.getList("grant_types_supported", String.class))
        .contains("client_credentials", "authorization_code");
    assertThat(smart.getList("code_challenge_methods_supported")).containsExactly("S256");
    assertThat(smart.getList("capabilities", String.class))
        .contains("launch-standalone", "client-public", "sso-openid-connect", "permission-user");
  }

  @Test
  void theFormIsAnAccessiblePageWithItsOwnPolicyAndNoDemoUsers() {
    Response form = authorize(Map.of());
    form.then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .header("Cache-Control", "no-store")
        .header("Content-Security-Policy", containsString("style-src 'self'"))
        .header("Content-Security-Policy", containsString("form-action 'self' http://activity.test"))
        .header("Content-Security-Policy", not(containsString("script-src")))
        .header("X-Frame-Options", "DENY");
    String html = form.asString();
    assertThat(html)
        .contains("<html lang=\"en-GB\">")
        .contains("<label for=\"username\">Username</label>")
        .contains("<label for=\"password\">Password</label>")
        .contains("autocomplete=\"current-password\"")
        .doesNotContain("Demo users"); // a users file: no demo passwords shown
    given().get(base + "/auth/sign-in.css").then().statusCode(200).contentType(containsString("text/css"));
  }

  @Test
  void aReferrerSignsInAndItsAccessTokenSearchesTasks() throws Exception {
    Verifier verifier = Verifier.fresh();
    String code = signIn(verifier, "jo.link", "correct horse");
    JsonPath tokens =
        exchange(code, verifier.verifier(), REDIRECT)
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .body("token_type", equalTo("bearer"))
            .body("expires_in", equalTo(3600))
            .extract()
            .jsonPath();
    assertThat(tokens.getString("scope"))
        .isEqualTo("openid profile user/ServiceRequest.crs user/Patient.crs user/Consent.crs user/Task.rs");

    JWKSet keys = JWKSet.parse(given().get(base + "/auth/jwks.json").asString());
    ECKey key = (ECKey) keys.getKeys().get(0);
    SignedJWT idToken = SignedJWT.parse(tokens.getString("id_token"));
    assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(idToken.verify(new ECDSAVerifier(key))).as("ID token signed with the published key").isTrue();
    JWTClaimsSet id = idToken.getJWTClaimsSet();
    assertThat(id.getIssuer()).isEqualTo(PUBLIC_BASE + "/auth");
    assertThat(id.getAudience()).containsExactly(CLIENT);
    assertThat(id.getSubject()).isEqualTo("jo.link");
    assertThat(id.getStringClaim("name")).isEqualTo("Jo Link");
    assertThat(id.getStringClaim("nonce")).isEqualTo("nonce-456");
    assertThat(id.getStringClaim("organization")).isEqualTo("A81001");
    assertThat(id.getStringClaim("organization_name")).isEqualTo("Riverside Surgery");
    assertThat(id.getStringClaim("role")).isEqualTo("referrer");
    assertThat(id.getExpirationTime()).isAfter(new java.util.Date());

    SignedJWT access = SignedJWT.parse(tokens.getString("access_token"));
    assertThat(access.verify(new ECDSAVerifier(key))).isTrue();
    JWTClaimsSet claims = access.getJWTClaimsSet();
    assertThat(claims.getAudience()).containsExactly(PUBLIC_BASE + "/fhir");
    assertThat(claims.getStringClaim("organization")).isEqualTo("A81001");
    assertThat(claims.getStringClaim("client_id")).isEqualTo(CLIENT);
    assertThat(claims.getSubject()).isEqualTo("jo.link");

    String bearer = "Bearer " + tokens.getString("access_token");
    awaitReferralSide(bearer);
    given()
        .header("Authorization", bearer)
        .get(base + "/fhir/Task?status=requested")
        .then()
        .statusCode(200)
        .body("resourceType", equalTo("Bundle"))
        .body("type", equalTo("searchset"));
    // A referrer's user/ scopes read Tasks but do not update them.
    given()
        .header("Authorization", bearer)
        .contentType("application/fhir+json")
        .body("{\"resourceType\":\"Task\",\"id\":\"t1\",\"status\":\"accepted\",\"intent\":\"order\"}")
        .put(base + "/fhir/Task/t1")
        .then()
        .statusCode(403);
  }

  @Test
  void aProviderSignsInWithItsOwnScopesAndOrganisation() throws Exception {
    Verifier verifier = Verifier.fresh();
    JsonPath tokens =
        exchange(signIn(verifier, "sam.provider", "battery staple"), verifier.verifier(), REDIRECT)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(tokens.getString("scope"))
        .isEqualTo("openid profile user/ServiceRequest.rs user/Patient.rs user/Consent.rs user/Task.rus");
    JWTClaimsSet id = SignedJWT.parse(tokens.getString("id_token")).getJWTClaimsSet();
    assertThat(id.getStringClaim("organization")).isEqualTo(PROVIDER_ORG);
    assertThat(id.getStringClaim("role")).isEqualTo("provider");
    String bearer = "Bearer " + tokens.getString("access_token");
    awaitReferralSide(bearer);
    given()
        .header("Authorization", bearer)
        .get(base + "/fhir/Task?owner=" + PROVIDER_ORG)
        .then()
        .statusCode(200)
        .body("resourceType", equalTo("Bundle"));
  }

  @Test
  void aWrongPasswordAndAnUnknownNameGetTheSameAnswerAndTheFormAgain() {
    Response form = authorize(Map.of());
    String requestId = requestId(form);
    Response wrongPassword = postSignIn(requestId, "jo.link", "not it");
    Response unknownName = postSignIn(requestId, "nobody.here", "not it");
    for (Response answer : new Response[] {wrongPassword, unknownName}) {
      answer.then().statusCode(200).header("Cache-Control", "no-store");
      assertThat(answer.asString())
          .contains("role=\"alert\">The username or password is not right. Check them and try again.</p>")
          .contains("aria-invalid=\"true\"")
          .contains("name=\"request_id\" value=\"" + requestId + "\"");
    }
    // The right password still works on the same request afterwards.
    Response back = postSignIn(requestId, "jo.link", "correct horse");
    back.then().statusCode(302).header("Location", containsString("code="));
    // And the request id is now spent.
    postSignIn(requestId, "jo.link", "correct horse")
        .then()
        .statusCode(400)
        .body(containsString("expired or was already used"));
  }

  @Test
  void fiveWrongPasswordsEndTheRequestWithAccessDenied() {
    String requestId = requestId(authorize(Map.of()));
    for (int i = 1; i < AuthorizationEndpoint.MAX_ATTEMPTS; i++) {
      postSignIn(requestId, "jo.link", "guess " + i).then().statusCode(200);
    }
    Response last = postSignIn(requestId, "jo.link", "guess 5");
    last.then().statusCode(302);
    assertThat(query(last.header("Location")))
        .containsEntry("error", "access_denied")
        .containsEntry("state", "state-123");
    postSignIn(requestId, "jo.link", "correct horse").then().statusCode(400);
  }

  @Test
  void aPostWithoutAValidRequestIdIsRefused() {
    postSignIn("made-up", "jo.link", "correct horse")
        .then()
        .statusCode(400)
        .contentType(containsString("text/html"))
        .body(not(containsString("code=")));
  }

  @Test
  void aWrongVerifierFailsAndSpendsTheCode() {
    Verifier verifier = Verifier.fresh();
    String code = signIn(verifier, "jo.link", "correct horse");
    exchange(code, Verifier.fresh().verifier(), REDIRECT)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", equalTo("code_verifier does not match the code_challenge"));
    exchange(code, verifier.verifier(), REDIRECT).then().statusCode(400).body("error", equalTo("invalid_grant"));
  }

  @Test
  void aCodeIsGoodOnce() {
    Verifier verifier = Verifier.fresh();
    String code = signIn(verifier, "jo.link", "correct horse");
    exchange(code, verifier.verifier(), REDIRECT).then().statusCode(200);
    exchange(code, verifier.verifier(), REDIRECT)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", equalTo("the code is unknown, expired or already used"));
  }

  @Test
  void aCodeIsBoundToItsRedirectUriAndClient() {
    Verifier verifier = Verifier.fresh();
    String code = signIn(verifier, "jo.link", "correct horse");
    exchange(code, verifier.verifier(), PUBLIC_BASE + "/other")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", equalTo("redirect_uri differs from the authorization request's"));
    Verifier second = Verifier.fresh();
    given()
        .contentType("application/x-www-form-urlencoded")
        .formParam("grant_type", "authorization_code")
        .formParam("code", signIn(second, "jo.link", "correct horse"))
        .formParam("client_id", "someone-else")
        .formParam("redirect_uri", REDIRECT)
        .formParam("code_verifier", second.verifier())
        .post(base + "/auth/token")
        .then()
        .statusCode(400)
        .body("error_description", equalTo("the code was issued to another client"));
  }

  @Test
  void anUnregisteredRedirectOrClientGetsAPageAndNoRedirect() {
    for (Map<String, String> bad :
        Arrays.asList(
            Map.of("redirect_uri", "https://evil.example/"),
            Map.of("redirect_uri", PUBLIC_BASE + "/?x=1"),
            Map.of("client_id", "unknown-client"))) {
      Response answer = authorize(bad);
      answer.then().statusCode(400).contentType(containsString("text/html"));
      assertThat(answer.header("Location")).isNull();
    }
  }

  @Test
  void requestsWithoutPkceS256OrOpenidGoBackWithAnError() {
    for (Map.Entry<Map<String, String>, String> bad :
        Map.of(
                Map.of("code_challenge_method", "plain"), "invalid_request",
                Map.of("code_challenge", ""), "invalid_request",
                Map.of("code_challenge", "too-short"), "invalid_request",
                Map.of("scope", "profile"), "invalid_scope",
                Map.of("response_type", "token"), "unsupported_response_type")
            .entrySet()) {
      Response answer = authorize(bad.getKey());
      answer.then().statusCode(302);
      assertThat(query(answer.header("Location")))
          .as(bad.getKey().toString())
          .containsEntry("error", bad.getValue())
          .containsEntry("state", "state-123");
    }
  }

  @Test
  void theTokenEndpointNamesAMissingParameter() {
    given()
        .contentType("application/x-www-form-urlencoded")
        .formParam("grant_type", "authorization_code")
        .formParam("code", "abc")
        .formParam("client_id", CLIENT)
        .formParam("redirect_uri", REDIRECT)
        .post(base + "/auth/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"))
        .body("error_description", equalTo("code_verifier is missing"));
  }

  /** The referral side opens a few seconds after the directory (503 until then). */
  private static void awaitReferralSide(String bearer) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (given().header("Authorization", bearer).get(base + "/fhir/Task?status=requested").statusCode() == 503
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }
}
