package dev.activityfhir.server.harvest;

import static dev.activityfhir.server.harvest.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.activityfhir.mapping.OpenActiveMapper;
import dev.activityfhir.server.harvest.FeedStatus.State;
import dev.activityfhir.server.harvest.RpdeFeedServer.Fault;
import dev.activityfhir.server.harvest.RpdeFeedServer.Ordering;
import dev.activityfhir.server.store.AppliedChanges;
import dev.activityfhir.server.store.Database;
import dev.activityfhir.server.store.HarvestStore;
import dev.activityfhir.server.store.StoredItem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Harvesting against an in-process RPDE publisher: paging, updates, deletions, faults and restarts. */
class FeedHarvesterIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OpenActiveMapper MAPPER = OpenActiveMapper.withBundledVocabularies();
  private static final HarvestSettings FAST =
      new HarvestSettings(Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofMillis(200));

  private RpdeFeedServer server;
  private Database database;
  private HarvestStore store;
  private Harvesting harvesting;
  private final List<AppliedChanges> published = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    server = new RpdeFeedServer();
    database =
        Database.open("jdbc:h2:mem:harvest-" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
    store = new HarvestStore(database.dataSource(), MAPPER);
  }

  @AfterEach
  void tearDown() {
    if (harvesting != null) {
      harvesting.close();
    }
    server.close();
    database.close();
  }

  static ObjectNode series(String atId, String name) {
    ObjectNode data = JSON.createObjectNode();
    data.put("@type", "SessionSeries");
    data.put("@id", atId);
    data.put("name", name);
    return data;
  }

  private Harvesting start(RpdeClient client, String... sources) {
    harvesting = new Harvesting(store, client, (feed, changes, license) -> published.add(changes), FAST);
    harvesting.start(List.of(sources));
    return harvesting;
  }

  private FeedStatus status(String url) {
    return harvesting.statuses().stream().filter(s -> s.url().equals(url)).findFirst().orElseThrow();
  }

  private List<String> storedNames(String feed) {
    List<String> names = new ArrayList<>();
    store.streamLiveItems(
        item -> {
          if (item.feedUrl().equals(feed)) {
            names.add(readName(item));
          }
        });
    names.sort(null);
    return names;
  }

  private static String readName(StoredItem item) {
    try {
      return JSON.readTree(item.dataJson()).get("name").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static RpdeClient client() {
    return new RpdeClient(Duration.ofSeconds(5), 100_000);
  }

  @ParameterizedTest
  @EnumSource(Ordering.class)
  void followsPagesToTheEndThenAppliesUpdatesAndDeletions(Ordering ordering) {
    String feed = server.addFeed("series", ordering, 3);
    for (int i = 1; i <= 7; i++) {
      server.upsert("series", "s" + i, series("https://ex.org/series/" + i, "Session " + i));
    }
    start(client(), feed);

    await("caught up", () -> status(feed).state() == State.CAUGHT_UP, () -> status(feed));
    assertThat(storedNames(feed)).hasSize(7).contains("Session 1", "Session 7");
    assertThat(status(feed).itemsHeld()).isEqualTo(7);
    assertThat(status(feed).lastError()).isNull();
    assertThat(status(feed).lastSuccess()).isNotNull();
    // 7 items in pages of 3: three pages with items, then the empty last page.
    assertThat(server.requests()).hasSizeGreaterThanOrEqualTo(4);
    assertThat(server.requests().get(0)).isEqualTo("/feeds/series");

    server.upsert("series", "s2", series("https://ex.org/series/2", "Session 2 renamed"));
    server.delete("series", "s5");
    server.delete("series", "unknown");

    await("update and delete", () -> storedNames(feed).contains("Session 2 renamed"), () -> storedNames(feed));
    await("deleted item gone", () -> !storedNames(feed).contains("Session 5"), () -> storedNames(feed));
    assertThat(storedNames(feed))
        .containsExactly("Session 1", "Session 2 renamed", "Session 3", "Session 4", "Session 6", "Session 7");
    await("count follows", () -> status(feed).itemsHeld() == 6, () -> status(feed));
    assertThat(store.item("https://ex.org/series/5")).isEmpty();
    assertThat(published.stream().flatMap(c -> c.removed().stream()))
        .extracting(r -> r.atId())
        .containsExactly("https://ex.org/series/5");
  }

  @Test
  void showsCaughtUpOnlyOnceTheLastPageIsPublished() {
    String feed = server.addFeed("series", Ordering.MODIFIED_ID, 2);
    for (int i = 1; i <= 7; i++) {
      server.upsert("series", "s" + i, series("https://ex.org/series/" + i, "Session " + i));
    }
    List<Integer> publishedItems = new CopyOnWriteArrayList<>();
    harvesting =
        new Harvesting(
            store,
            client(),
            (f, changes, license) -> {
              sleep(150); // a slow publisher: the harvester stores the next pages meanwhile
              publishedItems.add(changes.upserted().size());
            },
            FAST);
    harvesting.start(List.of(feed));

    await("caught up", () -> status(feed).state() == State.CAUGHT_UP, () -> status(feed));
    // Pages of 2: 2 + 2 + 2 + 1 items, then the empty last page, all published before "caught up".
    assertThat(publishedItems).startsWith(2, 2, 2, 1, 0);
    assertThat(publishedItems.stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "HTTP_500, HTTP 500",
    "GONE_404, HTTP 404",
    "SLOW, timed out",
    "MALFORMED_JSON, malformed JSON",
    "OVERSIZED, larger than the limit",
    "SELF_LOOP_WITH_ITEMS, points to itself with 2 items",
    "CYCLE, came round again",
  })
  void survivesAFaultKeepsTheDataAndRecovers(Fault fault, String expectedError) {
    String feed = server.addFeed("series", Ordering.MODIFIED_ID, 2);
    server.upsert("series", "a", series("https://ex.org/a", "A"));
    server.upsert("series", "b", series("https://ex.org/b", "B"));
    server.upsert("series", "c", series("https://ex.org/c", "C"));
    start(new RpdeClient(Duration.ofMillis(700), 100_000), feed);
    await("caught up", () -> status(feed).state() == State.CAUGHT_UP, () -> status(feed));

    server.fault("series", fault);
    if (fault == Fault.CYCLE) {
      // The loop shows on a pass from the start of the feed: send the harvester back there by a restart.
      harvesting.close();
      store.applyPage(feed, List.of(), feed, java.time.Instant.now());
      start(new RpdeClient(Duration.ofMillis(700), 100_000), feed);
    }
    server.upsert("series", "d", series("https://ex.org/d", "D"));

    await("failing", () -> status(feed).state() == State.FAILING, () -> status(feed));
    FeedStatus failing = status(feed);
    assertThat(failing.lastError()).contains(expectedError);
    assertThat(failing.consecutiveFailures()).isPositive();
    assertThat(storedNames(feed)).contains("A", "B", "C");

    server.fault("series", Fault.NONE);
    await(
        "recovered",
        () -> status(feed).state() == State.CAUGHT_UP && storedNames(feed).contains("D"),
        () -> status(feed));
    assertThat(storedNames(feed)).containsExactly("A", "B", "C", "D");
    assertThat(status(feed).lastError()).isNull();
    assertThat(status(feed).consecutiveFailures()).isZero();
  }

  @Test
  void leavesOutMalformedItemsCountsThemAndHarvestsTheRest() {
    String feed = server.addFeed("series", Ordering.MODIFIED_ID, 2);
    server.upsert("series", "a", series("https://ex.org/a", "A"));
    server.upsert("series", "b", series("https://ex.org/b", "B"));
    server.upsert("series", "c", series("https://ex.org/c", "C"));
    server.fault("series", Fault.MALFORMED_ITEM);
    start(new RpdeClient(Duration.ofMillis(700), 100_000), feed);

    await("caught up", () -> status(feed).state() == State.CAUGHT_UP, () -> status(feed));

    assertThat(storedNames(feed)).containsExactly("A", "B", "C");
    assertThat(status(feed).lastError()).isNull();
    assertThat(status(feed).malformedItems()).isGreaterThanOrEqualTo(3); // one per page: two pages and the last
  }

  @Test
  void resumesFromTheStoredCheckpointAfterARestart(@TempDir Path dir) {
    database.close();
    String url = "jdbc:h2:file:" + dir.resolve("activity") + ";MODE=PostgreSQL";
    database = Database.open(url);
    store = new HarvestStore(database.dataSource(), MAPPER);
    String feed = server.addFeed("series", Ordering.CHANGE_NUMBER, 2);
    for (int i = 1; i <= 5; i++) {
      server.upsert("series", "s" + i, series("https://ex.org/series/" + i, "S" + i));
    }
    start(client(), feed);
    await("caught up", () -> status(feed).state() == State.CAUGHT_UP, () -> status(feed));
    String checkpoint = store.checkpoint(feed).orElseThrow().nextUrl();
    harvesting.close();
    harvesting = null;
    database.close();

    server.upsert("series", "s6", series("https://ex.org/series/6", "S6"));
    server.clearRequests();
    database = Database.open(url);
    store = new HarvestStore(database.dataSource(), MAPPER);
    assertThat(storedNames(feed)).containsExactly("S1", "S2", "S3", "S4", "S5");
    assertThat(store.checkpoint(feed).orElseThrow().nextUrl()).isEqualTo(checkpoint);

    start(client(), feed);
    assertThat(status(feed).itemsHeld()).isEqualTo(5);
    await("new item", () -> storedNames(feed).contains("S6"), () -> status(feed));
    assertThat(server.requests().get(0)).isEqualTo(checkpoint.substring(server.base().length()));
    assertThat(server.requests()).doesNotContain("/feeds/series");
    assertThat(checkpoint).endsWith("?afterChangeNumber=1005");
  }

  @Test
  void discoversTheFeedsOfADatasetSite() {
    String sessions = server.addFeed("sessions", Ordering.MODIFIED_ID, 10);
    String series = server.addFeed("series", Ordering.CHANGE_NUMBER, 10);
    server.upsert("series", "1", series("https://ex.org/series/1", "Yoga"));
    ObjectNode session = JSON.createObjectNode();
    session.put("@type", "ScheduledSession");
    session.put("@id", "https://ex.org/sessions/1");
    session.put("superEvent", "https://ex.org/series/1");
    session.put("name", "Yoga at 10");
    server.upsert("sessions", "1", session);
    String site =
        server.addSite(
            "dataset",
            "<html><head><script type=\"application/ld+json\">{\"@context\":"
                + "[\"https://schema.org/\",\"https://openactive.io/\"],\"@type\":\"Dataset\","
                + "\"distribution\":[{\"@type\":\"DataDownload\",\"additionalType\":"
                + "\"https://openactive.io/SessionSeries\",\"contentUrl\":\""
                + series
                + "\"},{\"@type\":\"DataDownload\",\"additionalType\":"
                + "\"https://openactive.io/ScheduledSession\",\"contentUrl\":\"/feeds/sessions\"}]}"
                + "</script></head><body>Demo</body></html>");

    start(client(), site);

    await(
        "both feeds caught up",
        () ->
            harvesting.statuses().size() == 2
                && harvesting.statuses().stream().allMatch(s -> s.state() == State.CAUGHT_UP),
        () -> harvesting.statuses());
    assertThat(harvesting.statuses()).extracting(FeedStatus::url).containsExactly(series, sessions);
    assertThat(store.children("https://ex.org/series/1"))
        .extracting(StoredItem::atId)
        .containsExactly("https://ex.org/sessions/1");

    // After a restart the feeds resume even while the dataset site is down.
    harvesting.close();
    server.addSite("dataset", null);
    server.upsert("series", "2", series("https://ex.org/series/2", "Pilates"));
    start(client(), site);
    await("new item", () -> store.item("https://ex.org/series/2").isPresent(), () -> harvesting.statuses());
    await("site failing", () -> harvesting.statuses().size() == 3, () -> harvesting.statuses());
    assertThat(status(site).lastError()).isEqualTo("HTTP 404");
  }

  @Test
  void showsAnUnreachableSourceAsFailingAndKeepsTrying() {
    String missing = server.base() + "/sites/not-yet";
    start(client(), missing);
    await("failing", () -> status(missing).state() == State.FAILING, () -> harvesting.statuses());
    assertThat(status(missing).lastError()).isEqualTo("HTTP 404");

    String feed = server.addFeed("late", Ordering.MODIFIED_ID, 5);
    server.addSite(
        "not-yet",
        "<script type='application/ld+json'>{\"@type\":\"Dataset\",\"distribution\":"
            + "[{\"contentUrl\":\""
            + feed
            + "\"}]}</script>");
    await(
        "resolved",
        () -> harvesting.statuses().stream().anyMatch(s -> s.url().equals(feed) && s.state() == State.CAUGHT_UP),
        () -> harvesting.statuses());
    assertThat(harvesting.statuses()).extracting(FeedStatus::url).containsExactly(feed);
  }
}
