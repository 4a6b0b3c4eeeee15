package dev.activityfhir.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorBodiesTest {

  @Test
  void underTheApiAnOperationOutcomeWithTheIssueCodeForTheStatus() {
    ErrorBodies.Body body = ErrorBodies.of("/fhir/Slot", 431, "Request Header Fields Too Large");

    assertThat(body.contentType()).isEqualTo("application/fhir+json;charset=utf-8");
    assertThat(new String(body.bytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"too-long\","
                + "\"diagnostics\":\"Request Header Fields Too Large\"}]}");
  }

  @Test
  void elsewhereOnePlainLine() {
    ErrorBodies.Body body = ErrorBodies.of("/static/x", 404, null);

    assertThat(body.contentType()).startsWith("text/plain");
    assertThat(new String(body.bytes(), StandardCharsets.UTF_8)).isEqualTo("404 Not Found\n");
  }

  @Test
  void jettysMessagePassesOnlyWhenPlain() {
    assertThat(ErrorBodies.describe(400, "Ambiguous URI path separator"))
        .isEqualTo("Bad Request: Ambiguous URI path separator");
    assertThat(ErrorBodies.describe(400, "java.lang.IllegalStateException: boom")).isEqualTo("Bad Request");
    assertThat(ErrorBodies.describe(500, "<script>x</script>")).isEqualTo("Server Error");
    assertThat(ErrorBodies.describe(400, "Jetty 12.1 parser")).isEqualTo("Bad Request");
  }
}
