package dev.activityfhir.server.directory;

import static dev.activityfhir.server.directory.DirectoryIT.HALL;
import static dev.activityfhir.server.directory.DirectoryIT.MAPPER;
import static dev.activityfhir.server.directory.DirectoryIT.SERIES_FEED;
import static dev.activityfhir.server.directory.DirectoryIT.SESSIONS_FEED;
import static dev.activityfhir.server.directory.DirectoryIT.YOGA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.server.directory.DirectoryIT.RecordingSink;
import dev.activityfhir.server.store.AppliedChanges;
import dev.activityfhir.server.store.Database;
import dev.activityfhir.server.store.HarvestStore;
import dev.activityfhir.server.store.RpdeItem;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The quality gate and the skip accounting: junk is never published, and every item held back is counted per
 * feed and reason for as long as it is held back.
 */
class DirectorySkipsIT {

  private static final String LICENSE = "https://creativecommons.org/licenses/by/4.0/";

  private Database database;
  private HarvestStore store;
  private RecordingSink sink;
  private Directory directory;
  private long modified = 100;

  @BeforeEach
  void setUp() {
    database = Database.open("jdbc:h2:mem:skips-" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
    store = new HarvestStore(database.dataSource(), MAPPER);
    sink = new RecordingSink();
    directory = new Directory(MAPPER, store, sink);
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  private void update(String feed, String rpdeId, String data) {
    apply(feed, new RpdeItem(rpdeId, "updated", Long.toString(++modified), null, data));
  }

  private void delete(String feed, String rpdeId) {
    apply(feed, new RpdeItem(rpdeId, "deleted", Long.toString(++modified), null, null));
  }

  private void apply(String feed, RpdeItem item) {
    AppliedChanges changes = store.applyPage(feed, List.of(item), feed, LICENSE, Instant.now());
    directory.pageApplied(feed, changes, LICENSE);
  }

  @Test
  void junkIsHeldBackAndCountedPerReasonUntilItGoes() {
    update(SERIES_FEED, "junk", "{\"@type\":\"SessionSeries\"}");
    update(SERIES_FEED, "empty", "{}");
    update(SERIES_FEED, "ondemand", "{\"@type\":\"OnDemandEvent\",\"@id\":\"https://ex.org/od/1\",\"name\":\"Yoga\"}");
    update(
        SERIES_FEED,
        "nowhere",
        "{\"@type\":\"SessionSeries\",\"@id\":\"https://ex.org/s/nowhere\",\"name\":\"Walking\"}");
    update(SERIES_FEED, "anonymous", "{\"@type\":\"SessionSeries\",\"name\":\"Walking\",\"location\":"
        + "{\"@type\":\"Place\",\"name\":\"Hall\",\"address\":\"1 High Street\"}}");
    update(
        SESSIONS_FEED,
        "orphan",
        DirectoryIT.session(YOGA + "/1", YOGA, "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z").toString());

    assertThat(sink.published).as("nothing of the junk is published").isEmpty();
    assertThat(directory.skippedItems()).containsOnly(Map.entry(SERIES_FEED, 5L), Map.entry(SESSIONS_FEED, 1L));
    assertThat(directory.skippedItems(SERIES_FEED))
        .containsOnly(
            Map.entry("no name or activity to name it by", 1L),
            Map.entry("no @type", 1L),
            Map.entry("not a directory type: OnDemandEvent", 1L),
            Map.entry("no location and not online", 1L),
            Map.entry("no @id or identifier", 1L));
    assertThat(directory.skippedItems(SESSIONS_FEED)).containsOnly(Map.entry("parent not harvested", 1L));

    // The parent arrives: its child is published and no longer counted.
    update(SERIES_FEED, "yoga", DirectoryIT.series(YOGA, "Yoga for all", HALL).toString());
    assertThat(directory.skippedItems(SESSIONS_FEED)).isEmpty();
    assertThat(sink.published).containsKey(DirectoryIT.slot(YOGA + "/1"));

    // Junk fixed or deleted stops counting; an item now online is published without a location.
    update(
        SERIES_FEED,
        "nowhere",
        "{\"@type\":\"SessionSeries\",\"@id\":\"https://ex.org/s/nowhere\",\"name\":\"Walking\","
            + "\"eventAttendanceMode\":\"https://schema.org/OnlineEventAttendanceMode\","
            + "\"virtualLocation\":{\"url\":\"https://meet.example/w\"}}");
    delete(SERIES_FEED, "junk");
    delete(SERIES_FEED, "empty");
    assertThat(directory.skippedItems(SERIES_FEED))
        .containsOnly(
            Map.entry("not a directory type: OnDemandEvent", 1L), Map.entry("no @id or identifier", 1L));
    assertThat(sink.published).containsKey(DirectoryIT.service("https://ex.org/s/nowhere"));

    // A parent that becomes unpublishable holds its children back, counted under their own reason.
    update(SERIES_FEED, "yoga", "{\"@type\":\"SessionSeries\",\"@id\":\"" + YOGA + "\"}");
    assertThat(directory.skippedItems(SESSIONS_FEED)).containsOnly(Map.entry("parent not published", 1L));
    assertThat(sink.published).doesNotContainKey(DirectoryIT.slot(YOGA + "/1"));
  }
}
