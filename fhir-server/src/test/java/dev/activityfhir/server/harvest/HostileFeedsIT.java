package dev.activityfhir.server.harvest;

import static dev.activityfhir.server.harvest.FaultFeedServer.item;
import static dev.activityfhir.server.harvest.FaultFeedServer.page;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.activityfhir.mapping.OpenActiveMapper;
import dev.activityfhir.mapping.ResourceIds;
import dev.activityfhir.server.Application;
import dev.activityfhir.server.HealthProbe;
import dev.activityfhir.server.config.AppConfig;
import dev.activityfhir.server.store.Database;
import dev.activityfhir.server.web.CorsPolicy;
import dev.activityfhir.server.store.HarvestStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server harvesting hostile publishers (a {@link FaultFeedServer} on 127.0.0.1, the configured host) that
 * point it at a "private" host (another {@link FaultFeedServer} on 127.0.0.2: loopback, and not configured), at
 * {@code file:}, through redirects, with bodies that must not leak and items over the size limits; and a poisoned
 * checkpoint that heals. {@code /health} is asserted as JSON.
 */
class HostileFeedsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String BASE = "https://publisher.example/";

  @TempDir Path dataDir;

  private FaultFeedServer publisher;
  private FaultFeedServer privateHost;

  @BeforeEach
  void setUp() throws Exception {
    publisher = new FaultFeedServer("127.0.0.1");
    privateHost = new FaultFeedServer("127.0.0.2");
    // Had anything reached the private host, it would have been served: only the policy keeps it out.
    privateHost.json("/feeds/x", page(privateHost.base() + "/feeds/x"));
  }

  @AfterEach
  void tearDown() {
    publisher.close();
    privateHost.close();
  }

  private AppConfig config(List<String> feeds) {
    return new AppConfig(
        0,
        "127.0.0.1",
        null,
        null,
        null,
        dataDir,
        feeds.stream().map(URI::create).toList(),
        Duration.ofSeconds(8),
        List.of("*"),
        CorsPolicy.READ_METHODS,
        CorsPolicy.READ_HEADERS,
        List.of(),
        1_000,
        50_000,
        Duration.ofMinutes(2),
        AppConfig.DEFAULT_SCHEDULE_WEEKS,
        AppConfig.OSM_TILE_URL);
  }

  private static String series(String id, String name) throws Exception {
    return JSON.writeValueAsString(OpenActiveFixtures.series(BASE + "series/" + id, name));
  }

  @Test
  void refusesPrivateHostsOtherOriginsAndFileUrlsShowsNoRemoteTextAndBoundsItems() throws Exception {
    String p = publisher.base();
    publisher.html(
        "/site",
        "<html><script type=\"application/ld+json\">{\"@type\":\"Dataset\",\"distribution\":["
            + "{\"@type\":\"DataDownload\",\"contentUrl\":\"" + privateHost.base() + "/feeds/x\"},"
            + "{\"@type\":\"DataDownload\",\"contentUrl\":\"/feeds/good\"}]}</script></html>");
    publisher.json("/feeds/good", page(p + "/feeds/good?p=2", item("g", 1, series("good", "Good Yoga"))));
    publisher.json("/feeds/good?p=2", page(p + "/feeds/good?p=2"));
    publisher.json("/feeds/next-other", page(privateHost.base() + "/feeds/x", item("o", 1, series("o", "Other"))));
    publisher.json("/feeds/next-file", page("file:///etc/passwd", item("f", 1, series("f", "File"))));
    publisher.redirect("/feeds/redirect", privateHost.base() + "/feeds/x");
    publisher.answer("/feeds/leak", 200, "text/plain", "SECRET-BODY-TEXT from an internal service");
    publisher.answer("/feeds/leak-500", 500, "text/plain", "SECRET-ERROR-TEXT stack trace");
    ObjectNode tooLarge = OpenActiveFixtures.series(BASE + "series/huge", "Huge");
    for (int i = 0; i < 60; i++) {
      tooLarge.put("field" + i, "z".repeat(900)); // each string within the limit, the item over it
    }
    publisher.json(
        "/feeds/big",
        page(
            p + "/feeds/big?p=2",
            item("long", 1, series("long", "N".repeat(5_000))),
            item("huge", 2, JSON.writeValueAsString(tooLarge))));
    publisher.json("/feeds/big?p=2", page(p + "/feeds/big?p=2"));
    // A redirect within the configured host is followed; one that never ends is not.
    publisher.redirect("/feeds/moved", p + "/feeds/new-home");
    publisher.json("/feeds/new-home", page(p + "/feeds/moved?p=2", item("m", 1, series("moved", "Moved"))));
    publisher.redirect("/feeds/moved?p=2", "/feeds/new-home?p=2");
    publisher.json("/feeds/new-home?p=2", page(p + "/feeds/moved?p=2"));
    publisher.redirect("/feeds/loop", p + "/feeds/loop");
    String site = p + "/site";
    List<String> feeds =
        List.of(
            site,
            p + "/feeds/next-other",
            p + "/feeds/next-file",
            p + "/feeds/redirect",
            p + "/feeds/leak",
            p + "/feeds/leak-500",
            p + "/feeds/big",
            p + "/feeds/moved",
            p + "/feeds/loop");

    try (Application app = Application.newServer(config(feeds))) {
      app.start();
      JsonNode health =
          HealthProbe.await(
              app,
              h ->
                  feed(h, p + "/feeds/good").path("state").asText().equals("caught-up")
                      && feed(h, p + "/feeds/big").path("state").asText().equals("caught-up")
                      && feed(h, p + "/feeds/moved").path("state").asText().equals("caught-up")
                      && feed(h, p + "/feeds/loop").path("state").asText().equals("failing")
                      && feeds.stream()
                          .skip(1)
                          .limit(5)
                          .allMatch(f -> feed(h, f).path("state").asText().equals("failing")));

      assertThat(health.get("refusedFeeds")).hasSize(1);
      JsonNode refusedFeed = health.get("refusedFeeds").get(0);
      assertThat(refusedFeed.get("site").asText()).isEqualTo(site);
      assertThat(refusedFeed.get("host").asText()).isEqualTo("127.0.0.2");
      assertThat(refusedFeed.get("rule").asText()).isEqualTo("non-public-address");

      assertRefused(feed(health, p + "/feeds/next-other"), "127.0.0.2", "other-origin");
      assertRefused(feed(health, p + "/feeds/next-file"), "", "not-http");
      assertThat(feed(health, p + "/feeds/next-file").get("lastError").asText())
          .isEqualTo("refused not-http: host (none)");
      assertRefused(feed(health, p + "/feeds/redirect"), "127.0.0.2", "non-public-address");
      assertThat(feed(health, p + "/feeds/leak").get("lastError").asText()).isEqualTo("malformed JSON");
      assertThat(feed(health, p + "/feeds/loop").get("lastError").asText())
          .isEqualTo("refused too-many-redirects: host 127.0.0.1");
      assertThat(publisher.requests().stream().filter(r -> r.equals("/feeds/loop")).count())
          .isGreaterThanOrEqualTo(RpdeClient.MAX_REDIRECTS + 1);
      assertThat(feed(health, p + "/feeds/leak-500").get("lastError").asText()).isEqualTo("HTTP 500");
      assertThat(health.toString()).doesNotContain("SECRET").doesNotContain("passwd").doesNotContain("/feeds/x");

      JsonNode big = feed(health, p + "/feeds/big");
      assertThat(big.get("itemsTooLarge").asLong()).isEqualTo(1);
      assertThat(big.get("stringsCut").asLong()).isEqualTo(1);
      assertThat(big.get("itemsSkipped").asLong()).isGreaterThanOrEqualTo(1);
      assertThat(big.get("itemsHeld").asLong()).isEqualTo(1);
      assertThat(feed(health, p + "/feeds/good").get("itemsHeld").asLong()).isEqualTo(1);

      // Nothing reached the private host; the pages whose next was refused were not stored.
      assertThat(privateHost.requests()).isEmpty();
      assertThat(fhirTotal(app, "HealthcareService")).isEqualTo(3); // good, long and moved
      JsonNode longService =
          fhirGet(app, "HealthcareService/" + ResourceIds.healthcareService(BASE + "series/long"));
      assertThat(longService.get("name").asText()).isEqualTo("N".repeat(1_000));
    }
  }

  @Test
  void aPoisonedCheckpointFallsBackRefusesANewPoisonAndRecoversWhenThePublisherHeals() throws Exception {
    String feedUrl = publisher.base() + "/feeds/heal";
    AppConfig config = config(List.of(feedUrl));
    // A checkpoint stored before checkpoints were judged: on another host.
    try (Database database = Database.open(config.effectiveDatabaseUrl())) {
      new HarvestStore(database.dataSource(), OpenActiveMapper.withBundledVocabularies())
          .applyPage(feedUrl, List.of(), privateHost.base() + "/feeds/x", Instant.now());
    }
    // The publisher's first page names another origin as next.
    publisher.json("/feeds/heal", page(privateHost.base() + "/feeds/x", item("a", 1, series("a", "Yoga A"))));

    try (Application app = Application.newServer(config)) {
      app.start();
      JsonNode failing =
          HealthProbe.await(
              app,
              h -> feed(h, feedUrl).path("state").asText().equals("failing")
                  && feed(h, feedUrl).path("lastError").asText().startsWith("refused"));
      assertRefused(feed(failing, feedUrl), "127.0.0.2", "other-origin");
      assertThat(publisher.requests()).first().isEqualTo("/feeds/heal"); // back at the feed's start
      assertThat(privateHost.requests()).isEmpty();

      publisher.json("/feeds/heal", page(feedUrl + "?p=2", item("a", 1, series("a", "Yoga A"))));
      publisher.json("/feeds/heal?p=2", page(feedUrl + "?p=2"));
      JsonNode healed =
          HealthProbe.await(app, h -> feed(h, feedUrl).path("state").asText().equals("caught-up"));
      JsonNode feed = feed(healed, feedUrl);
      assertThat(feed.get("lastError").isNull()).isTrue();
      assertThat(feed.get("refused").get("host").asText()).isEqualTo("127.0.0.2"); // kept, for the operator
      assertThat(feed.get("itemsHeld").asLong()).isEqualTo(1);
      assertThat(fhirTotal(app, "HealthcareService")).isEqualTo(1);
    }
    try (Database database = Database.open(config.effectiveDatabaseUrl())) {
      assertThat(
              new HarvestStore(database.dataSource(), OpenActiveMapper.withBundledVocabularies())
                  .checkpoint(feedUrl)
                  .orElseThrow()
                  .nextUrl())
          .isEqualTo(feedUrl + "?p=2");
    }

    // After a restart the feed resumes at its good checkpoint.
    int before = publisher.requests().size();
    try (Application app = Application.newServer(config)) {
      app.start();
      JsonNode health =
          HealthProbe.await(app, h -> feed(h, feedUrl).path("state").asText().equals("caught-up"));
      assertThat(feed(health, feedUrl).get("refused").isNull()).isTrue();
      assertThat(publisher.requests().get(before)).isEqualTo("/feeds/heal?p=2");
      assertThat(privateHost.requests()).isEmpty();
    }
  }

  private static void assertRefused(JsonNode feed, String host, String rule) {
    assertThat(feed.get("state").asText()).isEqualTo("failing");
    assertThat(feed.get("lastError").asText()).startsWith("refused " + rule + ": host ");
    assertThat(feed.get("refused").get("host").asText()).isEqualTo(host);
    assertThat(feed.get("refused").get("rule").asText()).isEqualTo(rule);
    assertThat(feed.get("refused").get("at").asText()).isNotEmpty();
  }

  private static JsonNode feed(JsonNode health, String url) {
    List<JsonNode> matches = new ArrayList<>();
    StreamSupport.stream(health.path("feeds").spliterator(), false)
        .filter(f -> f.path("url").asText().equals(url))
        .forEach(matches::add);
    return matches.isEmpty() ? JSON.createObjectNode() : matches.get(0);
  }

  private static JsonNode fhirGet(Application app, String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(app.baseUrl().resolve("/fhir/" + path))
                .header("Accept", "application/fhir+json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static long fhirTotal(Application app, String type) throws Exception {
    return fhirGet(app, type + "?_summary=count").get("total").asLong();
  }
}
