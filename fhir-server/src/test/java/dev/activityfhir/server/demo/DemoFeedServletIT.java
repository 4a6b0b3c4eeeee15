package dev.activityfhir.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DemoFeedServletIT {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DemoDataset DATASET =
      DemoDataset.generate(DemoSize.DEMO, Instant.parse("2026-11-25T04:30:00Z"));
  private static DemoFeedServer server;
  private static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    server = DemoFeedServer.start(0, new DemoFeedServlet(DATASET));
    client = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String feedUrl(DemoFeed feed) {
    return server.datasetSiteUrl() + "feeds/" + feed.path();
  }

  @ParameterizedTest
  @EnumSource(DemoFeed.class)
  void walkingAFeedVisitsEveryItemOnceAndEndsOnAnEmptySelfLinkedPage(DemoFeed feed) throws Exception {
    String url = feedUrl(feed);
    Set<String> ids = new HashSet<>();
    List<String> deleted = new ArrayList<>();
    long previousModified = Long.MIN_VALUE;
    int pages = 0;
    while (true) {
      HttpResponse<String> response = get(url);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
      JsonNode page = MAPPER.readTree(response.body());
      assertThat(page.get("license").asText()).isEqualTo("https://creativecommons.org/licenses/by/4.0/");
      String next = page.get("next").asText();
      assertThat(next).startsWith("http://127.0.0.1:" + server.port() + "/demo/feeds/" + feed.path() + "?");
      pages++;
      if (page.get("items").isEmpty()) {
        assertThat(next).isEqualTo(url);
        assertThat(response.headers().firstValue("Cache-Control").orElseThrow()).isEqualTo("public, max-age=8");
        break;
      }
      assertThat(response.headers().firstValue("Cache-Control").orElseThrow()).isEqualTo("public, max-age=3600");
      assertThat(page.get("items").size()).isLessThanOrEqualTo(DemoFeedServlet.PAGE_SIZE);
      for (JsonNode item : page.get("items")) {
        assertThat(item.get("modified").isIntegralNumber()).isTrue();
        assertThat(item.get("modified").asLong()).isGreaterThanOrEqualTo(previousModified);
        previousModified = item.get("modified").asLong();
        assertThat(ids.add(item.get("id").asText())).as("duplicate id %s", item.get("id")).isTrue();
        assertThat(item.get("kind").asText()).isEqualTo(feed.type());
        if (item.get("state").asText().equals("deleted")) {
          assertThat(item.has("data")).isFalse();
          deleted.add(item.get("id").asText());
        } else {
          assertThat(item.get("state").asText()).isEqualTo("updated");
          assertThat(item.at("/data/@type").asText()).isEqualTo(feed.type());
        }
      }
      JsonNode last = page.get("items").get(page.get("items").size() - 1);
      assertThat(next).contains(feed.ordering() == DemoFeed.Ordering.MODIFIED_ID
          ? "afterTimestamp=" + last.get("modified").asLong() + "&afterId=" + last.get("id").asText()
          : "afterChangeNumber=" + last.get("modified").asLong());
      url = next;
    }
    assertThat(ids).hasSize(DATASET.count(feed));
    assertThat(deleted).isNotEmpty();
    assertThat(pages).isEqualTo(1 + (DATASET.count(feed) + DemoFeedServlet.PAGE_SIZE - 1) / DemoFeedServlet.PAGE_SIZE);
  }

  @Test
  void datasetSiteEmbedsADatasetListingTheFourFeeds() throws Exception {
    HttpResponse<String> response = get(server.datasetSiteUrl().toString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(response.body()).contains("Demo data");
    Matcher script = Pattern.compile("<script type=\"application/ld\\+json\">(.*?)</script>", Pattern.DOTALL)
        .matcher(response.body());
    assertThat(script.find()).isTrue();
    JsonNode dataset = MAPPER.readTree(script.group(1));
    assertThat(dataset.get("@type").asText()).isEqualTo("Dataset");
    assertThat(dataset.get("license").asText()).isEqualTo("https://creativecommons.org/licenses/by/4.0/");
    assertThat(dataset.get("name").asText()).contains("DEMO DATA");
    List<String> types = new ArrayList<>();
    for (JsonNode download : dataset.get("distribution")) {
      assertThat(download.get("@type").asText()).isEqualTo("DataDownload");
      assertThat(download.get("encodingFormat").asText())
          .isEqualTo("application/vnd.openactive.rpde+json; version=1");
      String type = download.get("additionalType").asText().replace("https://openactive.io/", "");
      types.add(type);
      DemoFeed feed = DemoFeed.valueOf(switch (type) {
        case "SessionSeries" -> "SESSION_SERIES";
        case "ScheduledSession" -> "SCHEDULED_SESSIONS";
        case "FacilityUse" -> "FACILITY_USES";
        default -> "SLOTS";
      });
      assertThat(download.get("contentUrl").asText()).isEqualTo(feedUrl(feed));
    }
    assertThat(types).containsExactly("SessionSeries", "ScheduledSession", "FacilityUse", "Slot");
  }

  @Test
  void resumingFromAPositionSkipsWhatWasSeen() throws Exception {
    FeedEntry tenth = DATASET.entry(DemoFeed.SESSION_SERIES, 9);
    JsonNode page = MAPPER.readTree(get(feedUrl(DemoFeed.SESSION_SERIES) + "?afterTimestamp=" + tenth.modified()
        + "&afterId=" + tenth.id()).body());
    assertThat(page.at("/items/0/id").asText()).isEqualTo("000010");
    JsonNode slots = MAPPER.readTree(get(feedUrl(DemoFeed.SLOTS) + "?afterChangeNumber="
        + DATASET.entry(DemoFeed.SLOTS, 99).modified()).body());
    assertThat(slots.at("/items/0/id").asText()).isEqualTo(DATASET.entry(DemoFeed.SLOTS, 100).id());
  }

  @Test
  void aServletKeepingRenderedPagesServesTheSamePagesAsOneRenderingEachTime() throws Exception {
    try (DemoFeedServer keeping = DemoFeedServer.start(0, new DemoFeedServlet(DATASET, true))) {
      for (DemoFeed feed : DemoFeed.values()) {
        String path = "feeds/" + feed.path();
        String first = get(keeping.datasetSiteUrl() + path).body();
        String again = get(keeping.datasetSiteUrl() + path).body();
        String rendered = get(feedUrl(feed)).body();
        assertThat(again).as(feed.path()).isEqualTo(first);
        // Same items and paging; only the host:port in the next link differs between the two servers.
        assertThat(first.replace(keeping.datasetSiteUrl().toString(), ""))
            .isEqualTo(rendered.replace(server.datasetSiteUrl().toString(), ""))
            .contains("\"items\":[{");
      }
    }
  }

  @Test
  void badParametersAndUnknownPathsAreRefused() throws Exception {
    assertThat(get(feedUrl(DemoFeed.SESSION_SERIES) + "?afterTimestamp=abc&afterId=1").statusCode())
        .isEqualTo(400);
    assertThat(get(feedUrl(DemoFeed.SESSION_SERIES) + "?afterTimestamp=1").statusCode()).isEqualTo(400);
    assertThat(get(feedUrl(DemoFeed.SLOTS) + "?afterChangeNumber=x").statusCode()).isEqualTo(400);
    assertThat(get(server.datasetSiteUrl() + "feeds/events").statusCode()).isEqualTo(404);
  }

  @Test
  void aServletOnAClockMovesItsWindowAndModifiedValuesEachDay() throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-11-25T10:00:00Z"));
    try (DemoFeedServer daily = DemoFeedServer.start(0, new DemoFeedServlet(DemoSize.DEMO, clock))) {
      String sessions = daily.datasetSiteUrl() + "feeds/scheduled-sessions";
      JsonNode today = MAPPER.readTree(get(sessions).body()).at("/items/0");
      clock.now = clock.now.plus(Duration.ofHours(6));
      assertThat(MAPPER.readTree(get(sessions).body()).at("/items/0")).isEqualTo(today);
      clock.now = clock.now.plus(Duration.ofDays(1));
      JsonNode tomorrow = MAPPER.readTree(get(sessions).body()).at("/items/0");
      assertThat(tomorrow.get("modified").asLong()).isEqualTo(today.get("modified").asLong() + 86_400_000L);
      assertThat(today.at("/data/startDate").asText()).startsWith("2026-11-2");
      assertThat(OffsetDateTime.parse(tomorrow.at("/data/startDate").asText()).toInstant())
          .isAfter(Instant.parse("2026-11-27T00:00:00Z"));
    }
  }

  /** A clock the test moves by hand. */
  private static final class SettableClock extends Clock {
    volatile Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
