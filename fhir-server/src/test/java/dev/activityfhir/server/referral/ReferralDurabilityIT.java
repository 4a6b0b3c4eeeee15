package dev.activityfhir.server.referral;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost: the server runs as a child JVM on an H2 file, referrals are streamed at it and it is
 * killed with SIGKILL at random moments, three times; after each restart every referral that got a 201 is readable
 * unchanged with its Task and Patient, and every stored referral has exactly its one Task (nothing half-written).
 */
final class ReferralDurabilityIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "Bearer " + FixedTokenAuthenticator.GP_A;

  /** Refusals seen (not expected: a refused referral is a test failure, not a lost one). */
  private static final List<String> REFUSED = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Requests that got no answer (the server was killed, or was too slow). */
  private static final List<String> LOST_IN_FLIGHT = new java.util.concurrent.CopyOnWriteArrayList<>();

  @TempDir Path dataDir;

  /** A referral the server acknowledged with 201. */
  record Acknowledged(String identifier, String requestId, String patientId, Instant lastUpdated) {}

  @Test
  void everyAcknowledgedReferralSurvivesSigkillWithItsTask() throws Exception {
    Random random = new Random();
    List<Acknowledged> acknowledged = new ArrayList<>();
    String service = null;
    for (int round = 0; round < 3; round++) {
      Child child = Child.start(dataDir);
      try {
        String base = child.awaitReady();
        if (service == null) {
          service = firstService(base);
        }
        verify(base, acknowledged);
        assertThat(refer(base, service)).as("a referral while nothing is killed: %s %s", REFUSED, LOST_IN_FLIGHT).isNotNull();
        long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500 + random.nextInt(2500));
        while (System.nanoTime() < killAt) {
          Acknowledged one = refer(base, service);
          if (one != null) {
            acknowledged.add(one);
          }
        }
        // Kill while a referral is in flight.
        String target = service;
        CompletableFuture<Acknowledged> inFlight = CompletableFuture.supplyAsync(() -> referQuietly(base, target));
        Thread.sleep(random.nextInt(30));
        child.kill();
        Acknowledged last = inFlight.get(10, TimeUnit.SECONDS);
        if (last != null) {
          acknowledged.add(last);
        }
      } finally {
        child.kill();
      }
    }
    assertThat(REFUSED).isEmpty();
    assertThat(acknowledged).hasSizeGreaterThan(3);
    Child child = Child.start(dataDir);
    try {
      verify(child.awaitReady(), acknowledged);
    } finally {
      child.kill();
    }
  }

  private static void verify(String base, List<Acknowledged> acknowledged) throws Exception {
    for (Acknowledged one : acknowledged) {
      JsonNode request = get(base + "/ServiceRequest/" + one.requestId());
      assertThat(request.path("identifier").path(0).path("value").asText()).isEqualTo(one.identifier());
      assertThat(request.path("meta").path("versionId").asText()).isEqualTo("1");
      assertThat(Instant.parse(request.path("meta").path("lastUpdated").asText())).isEqualTo(one.lastUpdated());
      assertThat(request.path("subject").path("reference").asText()).isEqualTo("Patient/" + one.patientId());
      JsonNode tasks = get(base + "/Task?focus=ServiceRequest/" + one.requestId());
      assertThat(tasks.path("total").asInt()).as(one.requestId()).isEqualTo(1);
      assertThat(tasks.path("entry").path(0).path("resource").path("status").asText()).isEqualTo("requested");
      assertThat(get(base + "/Patient/" + one.patientId()).path("id").asText()).isEqualTo(one.patientId());
    }
    long requests = get(base + "/ServiceRequest?_count=0").path("total").asLong();
    long tasks = get(base + "/Task?_count=0").path("total").asLong();
    assertThat(tasks).as("one Task per stored referral").isEqualTo(requests);
    assertThat(requests).isGreaterThanOrEqualTo(acknowledged.size());
  }

  private static String firstService(String base) throws Exception {
    JsonNode services = get(base + "/HealthcareService?_count=1");
    return services.path("entry").path(0).path("resource").path("id").asText();
  }

  private static Acknowledged referQuietly(String base, String service) {
    try {
      return refer(base, service);
    } catch (Exception e) {
      return null;
    }
  }

  /** Posts one referral transaction; the acknowledgement, or null when it was not acknowledged. */
  private static Acknowledged refer(String base, String service) {
    String identifier = "REF-" + UUID.randomUUID();
    String body =
        ReferralFixtures.json(
            ReferralFixtures.transaction(identifier, "HealthcareService/" + service, null, ReferralFixtures.newNhsNumber()));
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base))
                  .timeout(Duration.ofSeconds(60))
                  .header("Authorization", TOKEN)
                  .header("Content-Type", "application/fhir+json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        REFUSED.add(response.statusCode() + " " + response.body());
        return null;
      }
      JsonNode entries = JSON.readTree(response.body()).path("entry");
      JsonNode request = entries.path(0).path("response");
      if (!request.path("status").asText().startsWith("201")) {
        REFUSED.add(response.body());
        return null;
      }
      return new Acknowledged(
          identifier,
          request.path("location").asText().split("/")[1],
          entries.path(1).path("response").path("location").asText().split("/")[1],
          Instant.parse(request.path("lastModified").asText()));
    } catch (java.io.IOException e) {
      LOST_IN_FLIGHT.add(e.toString());
      return null; // killed mid-request: not acknowledged
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).header("Authorization", TOKEN).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + " " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** The server in a child JVM on the test's class path. */
  private static final class Child {
    private final Process process;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private Child(Process process) {
      this.process = process;
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("LISTENING ")) {
                      port.complete(Integer.parseInt(line.substring("LISTENING ".length()).trim()));
                    }
                  }
                } catch (java.io.IOException e) {
                  // the child died
                }
                port.completeExceptionally(new IllegalStateException("the server exited before listening"));
              },
              "child-output");
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(Path dataDir) throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder =
          new ProcessBuilder(
              java, "-Xmx768m", "-cp", System.getProperty("java.class.path"), FixedTokenServerMain.class.getName());
      builder.environment().put("PORT", "0");
      builder.environment().put("BIND_ADDRESS", "127.0.0.1");
      builder.environment().put("DATA_DIR", dataDir.toString());
      // No DATABASE_URL: the default embedded H2 in DATA_DIR, as a fresh install runs.
      builder.redirectErrorStream(true);
      return new Child(builder.start());
    }

    /** Waits until the directory has services and the referral side answers; the FHIR base URL. */
    String awaitReady() throws Exception {
      String base = "http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS) + "/fhir";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (System.nanoTime() < deadline) {
        try {
          HttpResponse<String> referrals =
              HTTP.send(
                  HttpRequest.newBuilder(URI.create(base + "/ServiceRequest?_count=0")).header("Authorization", TOKEN).build(),
                  HttpResponse.BodyHandlers.ofString());
          HttpResponse<String> services =
              HTTP.send(
                  HttpRequest.newBuilder(URI.create(base + "/HealthcareService?_count=1")).build(),
                  HttpResponse.BodyHandlers.ofString());
          if (referrals.statusCode() == 200
              && services.statusCode() == 200
              && JSON.readTree(services.body()).path("entry").size() > 0) {
            return base;
          }
        } catch (java.io.IOException e) {
          // not yet
        }
        Thread.sleep(250);
      }
      throw new IllegalStateException("the server did not become ready");
    }

    /** SIGKILL (destroyForcibly on Linux), then waits for the exit. */
    void kill() throws InterruptedException {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
