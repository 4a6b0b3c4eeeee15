package dev.activityfhir.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.mapping.OpenActiveMapper;
import dev.activityfhir.server.harvest.RpdePage;
import dev.activityfhir.server.harvest.RpdePageReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every database behind {@link HarvestStore} must show; subclasses supply the database. */
abstract class AbstractHarvestStoreContractTest {

  static final String SESSIONS = "https://example.org/feeds/scheduled-sessions";
  static final String SERIES = "https://example.org/feeds/session-series";
  static final Instant T1 = Instant.parse("2026-01-05T10:00:00Z");
  static final Instant T2 = Instant.parse("2026-01-05T11:00:00Z");

  static final OpenActiveMapper MAPPER = OpenActiveMapper.withBundledVocabularies();

  private Database database;
  HarvestStore store;

  /** Opens a fresh, migrated database that no other test sees. */
  abstract Database openDatabase() throws Exception;

  /** Removes what {@link #openDatabase()} created; called after the database was closed. */
  abstract void dropDatabase() throws Exception;

  @BeforeEach
  void open() throws Exception {
    database = openDatabase();
    store = new HarvestStore(database.dataSource(), MAPPER);
  }

  @AfterEach
  void close() throws Exception {
    database.close();
    dropDatabase();
  }

  static RpdeItem updated(String id, String modified, String data) {
    return new RpdeItem(id, "updated", modified, "ScheduledSession", data);
  }

  static RpdeItem deleted(String id, String modified) {
    return new RpdeItem(id, "deleted", modified, "ScheduledSession", null);
  }

  static String session(String atId, String superEvent) {
    return "{\"@type\":\"ScheduledSession\",\"@id\":\"" + atId + "\",\"superEvent\":\"" + superEvent + "\"}";
  }

  static String series(String atId) {
    return "{\"@type\":\"SessionSeries\",\"@id\":\"" + atId + "\",\"name\":\"Yoga\"}";
  }

  @Test
  void appliesUpdatesExtractsLinksAndMovesTheCheckpoint() {
    AppliedChanges changes =
        store.applyPage(
            SESSIONS,
            List.of(
                updated("1", "100", session("https://ex.org/s/1", "https://ex.org/series/A")),
                updated(
                    "2",
                    "101",
                    "{\"type\":\"ScheduledSession\",\"id\":\"https://ex.org/s/2\","
                        + "\"superEvent\":{\"@type\":\"SessionSeries\",\"@id\":\"https://ex.org/series/B\"}}"),
                updated(
                    "3",
                    "102",
                    "{\"@type\":\"Slot\",\"@id\":\"https://ex.org/slot/3\","
                        + "\"facilityUse\":\"https://ex.org/fu/C\"}")),
            SESSIONS + "?afterTimestamp=102&afterId=3",
            T1);

    assertThat(changes.upserted())
        .extracting(StoredItem::rpdeId, StoredItem::atId, StoredItem::parentAtId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("1", "https://ex.org/s/1", "https://ex.org/series/A"),
            org.assertj.core.groups.Tuple.tuple("2", "https://ex.org/s/2", "https://ex.org/series/B"),
            org.assertj.core.groups.Tuple.tuple("3", "https://ex.org/slot/3", "https://ex.org/fu/C"));
    assertThat(changes.removed()).isEmpty();
    assertThat(changes.liveCountDelta()).isEqualTo(3);
    assertThat(store.checkpoint(SESSIONS))
        .contains(new Checkpoint(SESSIONS + "?afterTimestamp=102&afterId=3", T1));
    assertThat(store.checkpoint(SERIES)).isEmpty();
    assertThat(store.liveItemCounts()).containsEntry(SESSIONS, 3L).hasSize(1);
    StoredItem first = store.item("https://ex.org/s/1").orElseThrow();
    assertThat(first.feedUrl()).isEqualTo(SESSIONS);
    assertThat(first.modified()).isEqualTo("100");
    assertThat(first.harvestedAt()).isEqualTo(T1);
    assertThat(first.dataJson()).contains("\"superEvent\":\"https://ex.org/series/A\"");
  }

  @Test
  void storesTheSourceTextOfReadDataAndHandsOnItsTree() throws Exception {
    // Compact data is stored byte for byte as the feed sent it (escapes and all); pretty-printed data as
    // compact JSON equal to it.
    String compact =
        "{\"@type\":\"ScheduledSession\",\"@id\":\"s1\",\"name\":\"Caf\\u00e9 \u2122\",\"superEvent\":\"A\"}";
    String pretty = "{ \"@type\": \"ScheduledSession\",\n  \"@id\": \"s2\", \"superEvent\": \"B\" }";
    byte[] body =
        ("{\"next\":\"n1\",\"items\":[{\"id\":\"1\",\"state\":\"updated\",\"modified\":5,\"data\":"
                + compact
                + "},{\"id\":\"2\",\"state\":\"updated\",\"modified\":5,\"data\":"
                + pretty
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    RpdePage page = new RpdePageReader(new ObjectMapper()).read(SESSIONS, body);

    AppliedChanges changes = store.applyPage(SESSIONS, page.items(), page.next(), T1);

    assertThat(changes.upserted()).extracting(StoredItem::parentAtId).containsExactly("A", "B");
    assertThat(changes.upserted().get(0).data()).isSameAs(page.items().get(0).data());
    assertThat(changes.upserted().get(1).data()).isSameAs(page.items().get(1).data());
    assertThat(store.item("s1").orElseThrow().dataJson()).isEqualTo(compact);
    assertThat(store.item("s2").orElseThrow().dataJson())
        .isEqualTo("{\"@type\":\"ScheduledSession\",\"@id\":\"s2\",\"superEvent\":\"B\"}");
    assertThat(store.item("s1").orElseThrow().data()).isNull();
  }

  @Test
  void parsesDataGivenAsTextOnly() {
    AppliedChanges changes =
        store.applyPage(SESSIONS, List.of(updated("1", "1", session("s1", "A"))), "n1", T1);

    assertThat(changes.upserted().get(0).data().get("superEvent").asText()).isEqualTo("A");
  }

  @Test
  void theVersionCountsThePagesThatChangedLiveItems() {
    assertThat(store.version()).isZero();

    AppliedChanges first =
        store.applyPage(SESSIONS, List.of(updated("1", "100", session("s1", "A"))), "n1", T1);
    assertThat(first.storeVersion()).isEqualTo(1);
    AppliedChanges nothing = store.applyPage(SESSIONS, List.of(), "n1", T1);
    assertThat(nothing.storeVersion()).isEqualTo(1);
    AppliedChanges stale =
        store.applyPage(SESSIONS, List.of(updated("1", "99", session("s1", "B"))), "n1", T1);
    assertThat(stale.storeVersion()).isEqualTo(1);
    AppliedChanges deletion = store.applyPage(SESSIONS, List.of(deleted("1", "101")), "n2", T2);
    assertThat(deletion.storeVersion()).isEqualTo(2);
    assertThat(store.version()).isEqualTo(2);
  }

  @Test
  void hasOneIdentityOfItsOwn() {
    String id = store.storeId();

    assertThat(id).matches("[0-9a-f-]{36}");
    assertThat(store.storeId()).isEqualTo(id);
  }

  @Test
  void ignoresOlderVersionsAndAcceptsEqualOrNewerOnes() {
    store.applyPage(SESSIONS, List.of(updated("1", "100", session("s1", "A"))), "n1", T1);

    AppliedChanges older =
        store.applyPage(SESSIONS, List.of(updated("1", "99", session("s1", "OLD"))), "n2", T2);
    assertThat(older.isEmpty()).isTrue();
    assertThat(store.item("s1").orElseThrow().parentAtId()).isEqualTo("A");
    assertThat(store.checkpoint(SESSIONS).orElseThrow().nextUrl()).isEqualTo("n2");

    AppliedChanges equal =
        store.applyPage(SESSIONS, List.of(updated("1", "100", session("s1", "B"))), "n3", T2);
    assertThat(equal.upserted()).hasSize(1);
    assertThat(equal.liveCountDelta()).isZero();
    assertThat(store.item("s1").orElseThrow().parentAtId()).isEqualTo("B");
  }

  @Test
  void comparesIntegerModifiedNumericallyUpToTwoToTheSixty() {
    long big = 1L << 60;
    store.applyPage(SESSIONS, List.of(updated("1", "9", session("s1", "A"))), "n", T1);
    store.applyPage(SESSIONS, List.of(updated("1", "10", session("s1", "B"))), "n", T1);
    assertThat(store.item("s1").orElseThrow().parentAtId()).isEqualTo("B");

    store.applyPage(
        SESSIONS, List.of(updated("1", Long.toString(big), session("s1", "C"))), "n", T1);
    store.applyPage(
        SESSIONS, List.of(updated("1", Long.toString(big - 1), session("s1", "D"))), "n", T1);
    StoredItem item = store.item("s1").orElseThrow();
    assertThat(item.parentAtId()).isEqualTo("C");
    assertThat(item.modified()).isEqualTo("1152921504606846976");
  }

  @Test
  void comparesIsoModifiedAsText() {
    store.applyPage(
        SESSIONS, List.of(updated("1", "2014-09-15T09:12:51.706+01:00", session("s1", "A"))), "n", T1);
    store.applyPage(
        SESSIONS, List.of(updated("1", "2014-09-14T09:12:51.706+01:00", session("s1", "B"))), "n", T1);
    assertThat(store.item("s1").orElseThrow().parentAtId()).isEqualTo("A");
  }

  @Test
  void deleteRemovesTheItemAndItsTombstoneBlocksStaleUpdates() {
    store.applyPage(SESSIONS, List.of(updated("1", "100", session("s1", "A"))), "n1", T1);

    AppliedChanges deletion = store.applyPage(SESSIONS, List.of(deleted("1", "105")), "n2", T2);
    assertThat(deletion.removed()).containsExactly(new RemovedItem(SESSIONS, "1", "s1", "A"));
    assertThat(deletion.liveCountDelta()).isEqualTo(-1);
    assertThat(store.item("s1")).isEmpty();
    assertThat(store.children("A")).isEmpty();
    assertThat(store.liveItemCounts()).doesNotContainKey(SESSIONS);

    AppliedChanges stale =
        store.applyPage(SESSIONS, List.of(updated("1", "104", session("s1", "A"))), "n3", T2);
    assertThat(stale.isEmpty()).isTrue();
    assertThat(store.item("s1")).isEmpty();

    AppliedChanges revived =
        store.applyPage(SESSIONS, List.of(updated("1", "106", session("s1", "A"))), "n4", T2);
    assertThat(revived.upserted()).extracting(StoredItem::atId).containsExactly("s1");
    assertThat(revived.liveCountDelta()).isEqualTo(1);
  }

  @Test
  void deleteOfAnUnknownItemChangesNothingVisibleButIsRemembered() {
    AppliedChanges deletion = store.applyPage(SESSIONS, List.of(deleted("7", "200")), "n", T1);
    assertThat(deletion.isEmpty()).isTrue();
    assertThat(deletion.liveCountDelta()).isZero();

    AppliedChanges stale =
        store.applyPage(SESSIONS, List.of(updated("7", "150", session("s7", "A"))), "n", T1);
    assertThat(stale.isEmpty()).isTrue();
  }

  @Test
  void theGreatestModifiedWinsWhenAnIdRepeatsWithinAPage() {
    AppliedChanges changes =
        store.applyPage(
            SESSIONS,
            List.of(
                updated("1", "100", session("s1", "A")),
                updated("1", "300", session("s1", "C")),
                updated("1", "200", session("s1", "B"))),
            "n",
            T1);
    assertThat(changes.upserted()).extracting(StoredItem::parentAtId).containsExactly("C");
    assertThat(store.item("s1").orElseThrow().modified()).isEqualTo("300");
  }

  @Test
  void sameRpdeIdInDifferentFeedsAreDifferentItems() {
    store.applyPage(SESSIONS, List.of(updated("1", "1", session("s1", "A"))), "n", T1);
    store.applyPage(SERIES, List.of(updated("1", "1", series("A"))), "m", T1);
    store.applyPage(SERIES, List.of(deleted("1", "2")), "m", T1);

    assertThat(store.item("s1")).isPresent();
    assertThat(store.item("A")).isEmpty();
    assertThat(store.checkpoint(SERIES).orElseThrow().nextUrl()).isEqualTo("m");
  }

  @Test
  void remembersTheFeedsOfADatasetSite() {
    String site = "https://example.org/";
    assertThat(store.sourceFeeds(site)).isEmpty();
    store.saveSourceFeeds(site, List.of(SESSIONS, SERIES, SESSIONS));
    assertThat(store.sourceFeeds(site)).containsExactly(SESSIONS, SERIES); // ordered by URL
    store.saveSourceFeeds(site, List.of(SERIES));
    assertThat(store.sourceFeeds(site)).containsExactly(SERIES);
  }

  @Test
  void remembersTheLicenceOfEachFeed() {
    String ccBy = "https://creativecommons.org/licenses/by/4.0/";
    store.applyPage(SESSIONS, List.of(), "n1", ccBy, T1);
    store.applyPage(SESSIONS, List.of(), "n2", null, T2);
    store.applyPage(SERIES, List.of(), "m", null, T1);
    assertThat(store.licenses()).containsExactly(java.util.Map.entry(SESSIONS, ccBy));
    assertThat(store.checkpoint(SESSIONS)).contains(new Checkpoint("n2", T2));
  }

  @Test
  void indexesOnlyChildrenByParentAndTakesEmbeddedParentsById() {
    store.applyPage(
        SERIES,
        List.of(
            updated(
                "1",
                "1",
                "{\"@type\":\"SessionSeries\",\"@id\":\"S\",\"superEvent\":\"https://ex.org/event-series\"}")),
        "m",
        T1);
    assertThat(store.item("S").orElseThrow().parentAtId()).isNull();
    assertThat(store.children("https://ex.org/event-series")).isEmpty();
  }

  @Test
  void streamsParentsFirstThenChildrenGroupedByParentAndFindsChildrenByParent() {
    store.applyPage(
        SESSIONS,
        List.of(
            updated("1", "1", session("s1", "B")),
            updated("2", "1", session("s2", "A")),
            updated("3", "1", session("s3", "C")),
            updated("4", "1", session("s4", "B")),
            updated("5", "1", session("s5", "A"))),
        "n",
        T1);
    store.applyPage(SERIES, List.of(updated("a", "1", series("A"))), "m", T1);
    store.applyPage(SESSIONS, List.of(deleted("2", "2")), "n", T1);

    List<StoredItem> streamed = new ArrayList<>();
    store.streamLiveItems(streamed::add);
    assertThat(streamed.get(0).atId()).isEqualTo("A");
    // Stored in the order B, C, B, A: streamed one parent's children after another.
    assertThat(streamed.subList(1, 5))
        .extracting(StoredItem::parentAtId)
        .containsExactly("A", "B", "B", "C");
    assertThat(streamed.subList(2, 4)).extracting(StoredItem::atId).containsExactlyInAnyOrder("s1", "s4");
    assertThat(store.children("A")).extracting(StoredItem::rpdeId).containsExactly("5");
    assertThat(store.children("B")).extracting(StoredItem::rpdeId).containsExactlyInAnyOrder("1", "4");
  }

  @Test
  void aFailingPageChangesNothing() {
    store.applyPage(SESSIONS, List.of(updated("1", "1", session("s1", "A"))), "n1", T1);

    assertThatThrownBy(
            () ->
                store.applyPage(
                    SESSIONS,
                    List.of(
                        updated("1", "5", session("s1", "CHANGED")),
                        new RpdeItem("2", "updated", "5", null, "{not json")),
                    "n2",
                    T2))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(store.item("s1").orElseThrow().parentAtId()).isEqualTo("A");
    assertThat(store.checkpoint(SESSIONS).orElseThrow().nextUrl()).isEqualTo("n1");
  }

  @Test
  void keepsLargeItemData() {
    String description = "x".repeat(200_000);
    String data =
        "{\"@type\":\"SessionSeries\",\"@id\":\"big\",\"description\":\"" + description + "\"}";
    store.applyPage(SERIES, List.of(updated("big", "1", data)), "m", T1);
    assertThat(store.item("big").orElseThrow().dataJson()).hasSize(data.length());
  }
}
