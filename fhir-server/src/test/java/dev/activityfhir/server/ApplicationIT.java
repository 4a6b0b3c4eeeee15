package dev.activityfhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.fasterxml.jackson.databind.JsonNode;
import dev.activityfhir.conformance.FhirValidation;
import dev.activityfhir.server.config.AppConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product on its defaults: the server harvests its own bundled demo dataset over HTTP, serves it as
 * FHIR, and after a restart on the same H2 file serves the same data before any new harvest (here: with its only
 * feed unreachable, so nothing can be harvested again).
 */
class ApplicationIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dataDir;

  @Test
  void harvestsTheDemoDatasetServesItAndServesItAgainAfterRestart() throws Exception {
    AppConfig demo = AppConfig.fromEnvironment(Map.of("PORT", "0", "BIND_ADDRESS", "127.0.0.1", "DATA_DIR", dataDir.toString(), "HARVEST_INTERVAL", "30s"));
    long services;
    long slots;
    String slotId;
    try (Application app = Application.newServer(demo)) {
      app.start();
      JsonNode health = HealthProbe.await(app, h -> allCaughtUp(h) && h.get("feeds").size() == 4);
      HttpResponse<String> healthResponse =
          HTTP.send(
              HttpRequest.newBuilder(app.baseUrl().resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(healthResponse.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(healthResponse.headers().firstValue("Content-Security-Policy"))
          .hasValue("default-src 'none'; frame-ancestors 'none'");
      assertThat(healthResponse.headers().firstValue("Server")).isEmpty();
      assertThat(health.get("status").asText()).isEqualTo("ok");
      assertThat(health.get("loadedFrom").asText()).isEqualTo("store");
      assertThat(health.get("feeds").findValuesAsText("url"))
          .allMatch(url -> url.startsWith(app.baseUrl() + "/demo/feeds/"));

      IGenericClient fhir = client(app);
      services = total(fhir, "HealthcareService?_summary=count");
      slots = total(fhir, "Slot?_summary=count");
      assertThat(services).isGreaterThanOrEqualTo(300);
      assertThat(slots).isGreaterThan(3000);

      Bundle nearPeckham =
          fhir.search().byUrl("HealthcareService?postcode=SE15&age=70&_count=5").returnBundle(Bundle.class).execute();
      assertThat(nearPeckham.getEntry()).isNotEmpty();
      HealthcareService first = (HealthcareService) nearPeckham.getEntryFirstRep().getResource();
      assertThat(first.getName()).startsWith("[Demo] ");
      assertThat(first.getTypeFirstRep().getCodingFirstRep().getSystem())
          .isEqualTo("https://openactive.io/activity-list");

      // Everything the server returns is valid FHIR R4 and keeps the profile it names (the package with UK Core).
      FhirValidation validation = FhirValidation.published();
      for (String type : List.of("HealthcareService", "Location", "Organization", "Schedule", "Slot")) {
        Bundle sample = fhir.search().byUrl(type + "?_count=3").returnBundle(Bundle.class).execute();
        assertThat(sample.getEntry()).as(type).isNotEmpty();
        for (Bundle.BundleEntryComponent entry : sample.getEntry()) {
          assertThat(validation.errors(entry.getResource())).as(type).isEmpty();
        }
      }

      // The FHIR package is downloadable from the running server, built into the jar.
      HttpResponse<byte[]> fhirPackage =
          HTTP.send(
              HttpRequest.newBuilder(app.baseUrl().resolve("/fhir/package.tgz")).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(fhirPackage.statusCode()).isEqualTo(200);
      assertThat(fhirPackage.headers().firstValue("Content-Disposition"))
          .hasValueSatisfying(v -> assertThat(v).contains("dev.activityfhir.r4-"));
      assertThat(fhirPackage.body()).hasSizeGreaterThan(50_000);

      // Browser clients get CORS headers on preflight.
      HttpResponse<String> preflight =
          HTTP.send(
              HttpRequest.newBuilder(app.baseUrl().resolve("/fhir/HealthcareService"))
                  .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                  .header("Origin", "https://linkworker.example")
                  .header("Access-Control-Request-Method", "GET")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue("https://linkworker.example");

      // The referral side is mounted beside the directory and answers nobody without a valid token.
      HttpResponse<String> referrals =
          HTTP.send(
              HttpRequest.newBuilder(app.baseUrl().resolve("/fhir/ServiceRequest")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(referrals.statusCode()).isEqualTo(401);
      assertThat(referrals.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertThat(referrals.body()).contains("OperationOutcome");
      HttpResponse<String> businessStatus =
          HTTP.send(
              HttpRequest.newBuilder(app.baseUrl().resolve("/fhir/CodeSystem/referral-business-status")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(businessStatus.statusCode()).isEqualTo(200);
      assertThat(businessStatus.body()).contains("attended-first-session");

      Bundle firstSlots =
          fhir.search().byUrl("Slot?_sort=start&_count=1").returnBundle(Bundle.class).execute();
      slotId = firstSlots.getEntryFirstRep().getResource().getIdElement().getIdPart();
    }

    // Stopping wrote a snapshot of what was published, named after the store it shows.
    try (Stream<Path> files = Files.list(dataDir.resolve("snapshots"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .singleElement()
          .asString()
          .matches("index-[0-9a-f-]{36}\\.bin");
    }

    // Restart on the same database with a feed that cannot be reached: the stored data is served at once, from
    // the snapshot.
    AppConfig unreachableFeed =
        AppConfig.fromEnvironment(Map.of("PORT", "0", "BIND_ADDRESS", "127.0.0.1", "DATA_DIR", dataDir.toString(), "OPENACTIVE_FEEDS", "http://127.0.0.1:9/feeds/gone", "HARVEST_INTERVAL", "30s"));
    try (Application app = Application.newServer(unreachableFeed)) {
      app.start();
      assertThat(app.awaitFhirReady(Duration.ofSeconds(60))).isTrue();
      IGenericClient fhir = client(app);
      assertThat(total(fhir, "HealthcareService?_summary=count")).isEqualTo(services);
      assertThat(total(fhir, "Slot?_summary=count")).isEqualTo(slots);
      Slot slot = fhir.read().resource(Slot.class).withId(slotId).execute();
      assertThat(slot.getSchedule().getReference()).startsWith("Schedule/");

      JsonNode health =
          HealthProbe.await(app, h -> h.get("feeds").size() == 1 && "failing".equals(h.get("feeds").get(0).get("state").asText()));
      assertThat(health.get("status").asText()).isEqualTo("degraded");
      assertThat(health.get("fhirReady").asBoolean()).isTrue();
      assertThat(health.get("loadedFrom").asText()).isEqualTo("snapshot");
      assertThat(health.get("feeds").get(0).get("lastError").asText()).isNotBlank();
    }

    // A damaged snapshot is never trusted: the stored items are mapped again, to the same resources.
    try (Stream<Path> files = Files.list(dataDir.resolve("snapshots"))) {
      Files.writeString(files.findFirst().orElseThrow(), "not a snapshot");
    }
    try (Application app = Application.newServer(unreachableFeed)) {
      app.start();
      assertThat(app.awaitFhirReady(Duration.ofSeconds(60))).isTrue();
      IGenericClient fhir = client(app);
      assertThat(total(fhir, "HealthcareService?_summary=count")).isEqualTo(services);
      assertThat(total(fhir, "Slot?_summary=count")).isEqualTo(slots);
      JsonNode health = HealthProbe.await(app, h -> h.get("fhirReady").asBoolean());
      assertThat(health.get("loadedFrom").asText()).isEqualTo("store");
    }
  }

  private static boolean allCaughtUp(JsonNode health) {
    JsonNode feeds = health.get("feeds");
    if (feeds.isEmpty()) {
      return false;
    }
    for (JsonNode feed : feeds) {
      if (!"caught-up".equals(feed.get("state").asText())) {
        return false;
      }
    }
    return true;
  }

  private static IGenericClient client(Application app) {
    FhirContext context = FhirContext.forR4Cached();
    context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    return context.newRestfulGenericClient(app.baseUrl() + "/fhir");
  }

  private static long total(IGenericClient fhir, String query) {
    return fhir.search().byUrl(query).returnBundle(Bundle.class).execute().getTotal();
  }
}
