package dev.activityfhir.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.server.config.AppConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar's {@code token} command in a child JVM: only the token on stdout, exits in seconds. */
class TokenCommandIT {

  private static final Path JAR = Path.of("target", "fhir-server.jar");

  @TempDir Path dataDir;

  @Test
  void theJarPrintsATokenAndExitsWithoutStartingTheServer() throws Exception {
    assertThat(JAR).as("packaged jar (mvn package runs before the integration tests)").exists();
    Path stdout = dataDir.resolve("stdout.txt");
    Path stderr = dataDir.resolve("stderr.txt");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "token",
                "--org",
                "A81001",
                "--scope",
                "system/ServiceRequest.cruds system/Task.rs")
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("AUTH_") || key.equals("PUBLIC_BASE_URL"));
    env.put("DATA_DIR", dataDir.resolve("data").toString());
    env.put("PORT", "8093");

    long began = System.nanoTime();
    Process process = builder.start();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    if (!exited) {
      process.destroyForcibly();
    }

    assertThat(exited).as("exited").isTrue();
    String printed = Files.readString(stdout, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
    assertThat(printed).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\R");
    assertThat(Files.readString(stderr)).doesNotContain("Listening on port");
    assertThat(took).isLessThan(Duration.ofSeconds(20));
    assertThat(dataDir.resolve("data").resolve(SigningKey.FILE_NAME)).exists();

    AppConfig sameEnvironment =
        AppConfig.fromEnvironment(Map.of("DATA_DIR", dataDir.resolve("data").toString(), "PORT", "8093"));
    Caller caller =
        AuthComponents.fromConfig(sameEnvironment, () -> 8093, Clock.systemUTC())
            .authenticator()
            .authenticate("Bearer " + printed.trim());
    assertThat(caller.organization()).isEqualTo("A81001");
    assertThat(caller.allows("ServiceRequest", Caller.Permission.CREATE)).isTrue();
  }
}
