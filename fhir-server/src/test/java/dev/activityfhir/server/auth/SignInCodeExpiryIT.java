package dev.activityfhir.server.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.activityfhir.server.audit.SettableClock;
import dev.activityfhir.server.config.AppConfig;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A code left unexchanged for 60 seconds is refused over HTTP: the built-in authorization server on a free port
 * with a clock the test moves, signing in the default run's demo link worker through the form.
 */
class SignInCodeExpiryIT {

  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  @TempDir static Path dataDir;

  private static final SettableClock CLOCK = new SettableClock(Instant.now());
  private static Server jetty;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    connector.open();
    port = connector.getLocalPort();
    AppConfig config = AppConfig.fromEnvironment(Map.of("PORT", "0", "DATA_DIR", dataDir.toString()));
    AuthComponents auth = AuthComponents.fromConfig(config, () -> port, CLOCK);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    auth.servlets().forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
    jetty.setHandler(context);
    jetty.start();
  }

  @AfterAll
  static void stop() throws Exception {
    jetty.stop();
  }

  private static String redirectUri() {
    return "http://127.0.0.1:" + port + "/";
  }

  private static String signInCode() {
    Response form =
        given()
            .queryParam("response_type", "code")
            .queryParam("client_id", "activity-finder")
            .queryParam("redirect_uri", redirectUri())
            .queryParam("scope", "openid")
            .queryParam("state", "s1")
            .queryParam("code_challenge", Pkce.challengeOf(VERIFIER))
            .queryParam("code_challenge_method", "S256")
            .get("http://127.0.0.1:" + port + "/auth/authorize");
    form.then().statusCode(200);
    assertThat(form.asString()).contains("Demo users").contains(DemoUsers.LINK_WORKER_PASSWORD);
    Matcher id = Pattern.compile("name=\"request_id\" value=\"([^\"]+)\"").matcher(form.asString());
    assertThat(id.find()).isTrue();
    String location =
        given()
            .redirects()
            .follow(false)
            .contentType("application/x-www-form-urlencoded")
            .formParam("request_id", id.group(1))
            .formParam("username", DemoUsers.LINK_WORKER)
            .formParam("password", DemoUsers.LINK_WORKER_PASSWORD)
            .post("http://127.0.0.1:" + port + "/auth/authorize")
            .then()
            .statusCode(302)
            .extract()
            .header("Location");
    Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
    assertThat(code.find()).isTrue();
    return code.group(1);
  }

  private static Response exchange(String code) {
    return given()
        .contentType("application/x-www-form-urlencoded")
        .formParam("grant_type", "authorization_code")
        .formParam("code", code)
        .formParam("client_id", "activity-finder")
        .formParam("redirect_uri", redirectUri())
        .formParam("code_verifier", VERIFIER)
        .post("http://127.0.0.1:" + port + "/auth/token");
  }

  @Test
  void aCodeSixtySecondsOldIsRefusedAndOneOf59SecondsIsNot() {
    String fresh = signInCode();
    CLOCK.set(CLOCK.instant().plus(Duration.ofSeconds(59)));
    exchange(fresh).then().statusCode(200).body("token_type", equalTo("bearer"));

    String stale = signInCode();
    CLOCK.set(CLOCK.instant().plus(AuthorizationEndpoint.CODE_LIFETIME));
    exchange(stale)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", equalTo("the code is unknown, expired or already used"));
  }
}
