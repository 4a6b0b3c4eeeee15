package dev.activityfhir.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.server.config.AppConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCommandTest {

  @TempDir Path dataDir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return TokenCommand.run(
        List.of(args),
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsOnlyATokenThatAServerWithTheSameEnvironmentAccepts() {
    Map<String, String> env = Map.of("DATA_DIR", dataDir.toString(), "PORT", "8089");

    int status = run(env, "--org", "a81001", "--scope", "system/ServiceRequest.cruds system/Task.rs");

    assertThat(status).isZero();
    assertThat(stderr()).isEmpty();
    assertThat(stdout()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\R");
    AuthComponents server = AuthComponents.fromConfig(AppConfig.fromEnvironment(env), () -> 8089, Clock.systemUTC());
    Caller caller = server.authenticator().authenticate("Bearer " + stdout().trim());
    assertThat(caller.organization()).isEqualTo("A81001");
    assertThat(caller.clientId()).isEqualTo(TokenCommand.DEFAULT_CLIENT);
    assertThat(caller.scopes()).containsExactlyInAnyOrder("system/ServiceRequest.cruds", "system/Task.rs");
  }

  @Test
  void usesPublicBaseUrlForTheAudienceAndTakesAClientAndLifetime() {
    Map<String, String> env =
        Map.of("DATA_DIR", dataDir.toString(), "PUBLIC_BASE_URL", "https://activity.example.org/");

    int status =
        run(env, "--org", "Organization/org-walk-well", "--scope", "system/Task.rus", "--client", "walk-well",
            "--lifetime", "1h");

    assertThat(status).isZero();
    AuthComponents server = AuthComponents.fromConfig(AppConfig.fromEnvironment(env), () -> 41234, Clock.systemUTC());
    assertThat(server.urls().audience()).isEqualTo("https://activity.example.org/fhir");
    Caller caller = server.authenticator().authenticate("Bearer " + stdout().trim());
    assertThat(caller.clientId()).isEqualTo("walk-well");
    assertThat(caller.isProvider()).isTrue();
  }

  @Test
  void aServerOnAnotherPortRefusesTheToken() {
    run(Map.of("DATA_DIR", dataDir.toString(), "PORT", "8089"), "--org", "A81001", "--scope", "system/Task.rs");

    AuthComponents server =
        AuthComponents.fromConfig(
            AppConfig.fromEnvironment(Map.of("DATA_DIR", dataDir.toString())), () -> 8080, Clock.systemUTC());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> server.authenticator().authenticate("Bearer " + stdout().trim()))
        .hasMessageContaining("token issuer (iss) is not the trusted issuer");
  }

  @Test
  void refusesBadUsageWithAMessageAndStatusTwo() {
    Map<String, String> env = Map.of("DATA_DIR", dataDir.toString());

    assertThat(run(env, "--scope", "system/Task.rs")).isEqualTo(2);
    assertThat(run(env, "--org", "not an org!", "--scope", "system/Task.rs")).isEqualTo(2);
    assertThat(run(env, "--org", "A81001", "--scope", "system/Task.rs", "--lifetime", "48h")).isEqualTo(2);
    assertThat(run(env, "--org", "A81001", "--scope", "system/Task.rs", "--colour", "red")).isEqualTo(2);
    assertThat(run(env, "--org")).isEqualTo(2);

    assertThat(stdout()).isEmpty();
    assertThat(stderr())
        .contains("token: --org and --scope are required")
        .contains("--org must be an ODS code or Organization/<id>, got 'not an org!'")
        .contains("--lifetime must be between 30 seconds and 24 hours")
        .contains("unknown option --colour")
        .contains("--org needs a value")
        .contains(TokenCommand.USAGE);
  }

  @Test
  void refusesWhenTheAudienceOrIssuerIsNotThisServers() {
    assertThat(run(Map.of("DATA_DIR", dataDir.toString(), "PORT", "0"), "--org", "A81001", "--scope", "x/y.r"))
        .isEqualTo(2);
    assertThat(
            run(
                Map.of(
                    "DATA_DIR", dataDir.toString(),
                    "AUTH_JWKS_URL", "https://auth.example.org/jwks",
                    "AUTH_ISSUER", "https://auth.example.org"),
                "--org", "A81001", "--scope", "system/Task.rs"))
        .isEqualTo(2);

    assertThat(stdout()).isEmpty();
    assertThat(stderr())
        .contains("PORT=0 leaves the audience unknown")
        .contains("trusts an outside authorization server only");
  }
}
