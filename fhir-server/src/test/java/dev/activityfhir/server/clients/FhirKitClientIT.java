package dev.activityfhir.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.activityfhir.server.Application;
import dev.activityfhir.server.config.AppConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent JavaScript client, {@code fhir-kit-client} from the npm registry, against the whole product: the
 * server harvests its demo dataset, then {@code node --test} runs {@code src/test/fhir-kit/*.test.mjs} (installed by
 * the build under {@code target/fhir-kit}) with the base URL and a registered client's private key, with which it
 * gets its own token from the built-in authorization server. Passes when node's test run does.
 */
class FhirKitClientIT {

  private static final Path TESTS = Path.of("target", "fhir-kit");
  private static final String CLIENT_ID = "js-surgery";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void theJavaScriptClientReadsTheDirectoryAndSendsAReferral() throws Exception {
    assertThat(TESTS.resolve("node_modules/fhir-kit-client/package.json"))
        .as("fhir-kit-client installed by the build (npm ci in target/fhir-kit)")
        .exists();
    ECKey key = clientKey();
    Path clients = dataDir.resolve("clients.json");
    Files.writeString(
        clients,
        """
        {"clients": [{"client_id": "%s", "organization": "A81001",
          "scope": "system/ServiceRequest.cruds system/Patient.cruds system/Consent.cr system/Task.rs",
          "jwks": %s}]}
        """
            .formatted(CLIENT_ID, new JWKSet(key.toPublicJWK()).toString()),
        StandardCharsets.UTF_8);
    AppConfig config =
        AppConfig.fromEnvironment(
            Map.of(
                "PORT", "0",
                "BIND_ADDRESS", "127.0.0.1",
                "DATA_DIR", dataDir.resolve("data").toString(),
                "AUTH_CLIENTS_FILE", clients.toString(),
                "HARVEST_INTERVAL", "1h"));
    try (Application app = Application.newServer(config)) {
      app.start();
      awaitDemoHarvested(app);

      Path output = dataDir.resolve("node-output.txt");
      ProcessBuilder node =
          new ProcessBuilder("node", "--test", "--test-reporter=spec", "directory-and-referral.test.mjs")
              .directory(TESTS.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      node.environment().put("FHIR_BASE_URL", app.baseUrl() + "/fhir");
      node.environment().put("FHIR_CLIENT_ID", CLIENT_ID);
      node.environment().put("FHIR_CLIENT_KEY", key.toJSONString());
      node.environment().put("NO_COLOR", "1");
      Process process = node.start();
      boolean exited = process.waitFor(180, TimeUnit.SECONDS);
      if (!exited) {
        process.destroyForcibly();
      }
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(exited).as("node exited within 180 s:%n%s", printed).isTrue();
      assertThat(process.exitValue()).as("node --test failed:%n%s", printed).isZero();
      assertThat(printed).contains("a referrer posts a referral in a transaction and reads back its Task");
    }
  }

  private static ECKey clientKey() throws JOSEException {
    return new ECKeyGenerator(Curve.P_384)
        .keyID("js-surgery-1")
        .algorithm(JWSAlgorithm.ES384)
        .keyUse(KeyUse.SIGNATURE)
        .generate();
  }

  /** Waits (up to five minutes: the machine may be busy) until every demo feed has caught up. */
  private static void awaitDemoHarvested(Application app) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> response =
          HTTP.send(HttpRequest.newBuilder(app.baseUrl().resolve("/health")).build(), BodyHandlers.ofString());
      last = JSON.readTree(response.body());
      if (demoHarvested(last)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the demo dataset was not harvested within five minutes; health: " + last);
  }

  /** Every demo feed caught up: the whole dataset is published. */
  private static boolean demoHarvested(JsonNode health) {
    JsonNode feeds = health.get("feeds");
    if (feeds.size() != 4) {
      return false;
    }
    for (JsonNode feed : feeds) {
      if (!"caught-up".equals(feed.get("state").asText())) {
        return false;
      }
    }
    return true;
  }
}
