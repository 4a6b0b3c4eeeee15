package dev.activityfhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Polls a running {@link Application}'s {@code /health} for tests. */
public final class HealthProbe {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private HealthProbe() {}

  /** The first {@code /health} JSON (always answered 200) meeting {@code condition}; fails after 90 s. */
  public static JsonNode await(Application app, Predicate<JsonNode> condition) throws Exception {
    return await(app, condition, Duration.ofSeconds(90));
  }

  /** As {@link #await(Application, Predicate)}, failing after {@code timeout}. */
  public static JsonNode await(Application app, Predicate<JsonNode> condition, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(app.baseUrl().resolve("/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      last = JSON.readTree(response.body());
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("health never reached the expected state; last: " + last);
  }
}
