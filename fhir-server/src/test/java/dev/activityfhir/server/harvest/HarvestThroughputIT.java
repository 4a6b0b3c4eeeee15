package dev.activityfhir.server.harvest;

import static dev.activityfhir.server.harvest.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dev.activityfhir.mapping.OpenActiveMapper;
import dev.activityfhir.server.directory.Directory;
import dev.activityfhir.server.directory.IndexedSlots;
import dev.activityfhir.server.directory.ResourceChanges;
import dev.activityfhir.server.harvest.FeedStatus.State;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.harvest.RpdeFeedServer.Ordering;
import dev.activityfhir.server.store.Database;
import dev.activityfhir.server.store.HarvestStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Harvests a 20,000-item feed (2,000 SessionSeries, 18,000 ScheduledSessions in pages of 500) from the local
 * publisher into an H2 file database through the directory, and logs the rate, then the times to load and to
 * rebuild the graph from the store. Asserts the outcome only: the figures are measured here, not judged, so a
 * slow machine does not fail the build.
 */
class HarvestThroughputIT {

  private static final Logger log = LoggerFactory.getLogger(HarvestThroughputIT.class);

  @Test
  void harvestsALargeFeed(@TempDir Path dir) throws Exception {
    OpenActiveMapper mapper = OpenActiveMapper.withBundledVocabularies();
    try (RpdeFeedServer server = new RpdeFeedServer();
        Database database = Database.open("jdbc:h2:file:" + dir.resolve("bench") + ";MODE=PostgreSQL")) {
      String series = server.addFeed("series", Ordering.MODIFIED_ID, 500);
      String sessions = server.addFeed("sessions", Ordering.CHANGE_NUMBER, 500);
      for (int s = 0; s < 2_000; s++) {
        String atId = "https://ex.org/session-series/" + s;
        server.upsert("series", "ss" + s, OpenActiveFixtures.series(atId, "Demo class " + s));
        for (int i = 0; i < 9; i++) {
          server.upsert(
              "sessions",
              "s" + s + "-" + i,
              OpenActiveFixtures.session(atId + "/sessions/" + i, atId, 2026, 3, 1 + i));
        }
      }
      HarvestStore store = new HarvestStore(database.dataSource(), mapper);
      AtomicLong resources = new AtomicLong();
      Directory directory =
          new Directory(mapper, store, (ResourceChanges changes) -> resources.addAndGet(changes.upserts().size()));
      long started = System.nanoTime();
      try (Harvesting harvesting =
          new Harvesting(
              store,
              new RpdeClient(Duration.ofSeconds(30), RpdeClient.DEFAULT_MAX_PAGE_BYTES),
              directory,
              new HarvestSettings(Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(1)))) {
        harvesting.start(List.of(series, sessions));
        await(
            "both feeds caught up",
            () -> harvesting.statuses().stream().allMatch(s -> s.state() == State.CAUGHT_UP),
            harvesting::statuses,
            // A few seconds on an idle machine; a shared one under load can take minutes.
            Duration.ofMinutes(3));
        double seconds = (System.nanoTime() - started) / 1e9;
        log.info(
            "Harvested 20000 items in {} s: {} items/s ({} resources published)",
            String.format("%.2f", seconds),
            Math.round(20_000 / seconds),
            resources.get());
        assertThat(harvesting.statuses()).extracting(FeedStatus::itemsHeld).containsExactlyInAnyOrder(2_000L, 18_000L);
      }
      assertThat(store.liveItemCounts()).containsEntry(series, 2_000L).containsEntry(sessions, 18_000L);
      assertThat(directory.pendingChildren()).isZero();
      assertThat(directory.skippedItems()).isEmpty();

      long streaming = System.nanoTime();
      AtomicLong streamed = new AtomicLong();
      store.streamLiveItems(item -> streamed.incrementAndGet());
      log.info(
          "Streamed {} stored items in {} ms",
          streamed.get(),
          (System.nanoTime() - streaming) / 1_000_000);

      AtomicLong loaded = new AtomicLong();
      ResourceIndex index = new ResourceIndex(FhirContext.forR4Cached());
      Directory restarted =
          new Directory(
              mapper,
              store,
              (ResourceChanges changes) -> {
                index.apply(changes);
                loaded.addAndGet(changes.upserts().size());
              });
      long loading = System.nanoTime();
      restarted.loadAll();
      log.info(
          "Loaded the 20000 stored items into {} resources in {} ms",
          loaded.get(),
          (System.nanoTime() - loading) / 1_000_000);
      // 2,000 services, schedules, locations; 18,000 slots; one shared organization.
      assertThat(loaded.get()).isEqualTo(24_001L);

      AtomicLong rebuiltBatches = new AtomicLong();
      Directory rebuilt = new Directory(mapper, store, changes -> rebuiltBatches.incrementAndGet());
      long rebuilding = System.nanoTime();
      // As after a restart from a snapshot: the loaded index holds every published Slot.
      rebuilt.rebuildGraph(new IndexedSlots(index));
      log.info(
          "Rebuilt the graph of the 20000 stored items in {} ms",
          (System.nanoTime() - rebuilding) / 1_000_000);
      assertThat(rebuiltBatches.get()).isZero();
      assertThat(rebuilt.pendingChildren()).isZero();
    }
  }
}
