package dev.activityfhir.server.directory;

import static dev.activityfhir.server.directory.DirectoryIT.SERIES_FEED;
import static dev.activityfhir.server.directory.DirectoryIT.YOGA;
import static dev.activityfhir.server.directory.DirectoryIT.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dev.activityfhir.mapping.OpenActiveMapper;
import dev.activityfhir.mapping.ResourceIds;
import dev.activityfhir.mapping.ScheduleWindow;
import dev.activityfhir.server.directory.DirectoryIT.RecordingSink;
import dev.activityfhir.server.fhir.index.Indexed;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.index.SlotKeys;
import dev.activityfhir.server.store.Database;
import dev.activityfhir.server.store.HarvestStore;
import dev.activityfhir.server.store.RpdeItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions generated from a weekly schedule (a SessionSeries with an {@code eventSchedule} and no
 * ScheduledSession feed, as many publishers send) move on as days pass, with no change from the publisher:
 * those that ended go, the days entering the window come; after a restart from a snapshot the past ones are
 * not served either.
 */
class GeneratedSessionsIT {

  private static final String LICENSE = "https://creativecommons.org/licenses/by/4.0/";
  /** Friday 20 March 2026, noon: British Summer Time starts on Sunday 29 March. */
  private static final Instant FRIDAY = Instant.parse("2026-03-20T12:00:00Z");

  private final MovingClock clock = new MovingClock(FRIDAY);
  /** Three weeks ahead, on the moving clock. */
  private final OpenActiveMapper mapper =
      OpenActiveMapper.withBundledVocabularies(new ScheduleWindow(clock, 3));
  private Database database;
  private HarvestStore store;
  private long modified = 100;

  @BeforeEach
  void setUp() {
    database = Database.open("jdbc:h2:mem:generated-" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
    store = new HarvestStore(database.dataSource(), mapper);
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  private void harvestYoga(Directory directory) {
    RpdeItem item = new RpdeItem("yoga", "updated", Long.toString(++modified), null, DirectoryStructuresIT.weeklyYoga().toString());
    directory.pageApplied(
        SERIES_FEED, store.applyPage(SERIES_FEED, List.of(item), SERIES_FEED, LICENSE, Instant.now()), LICENSE);
  }

  private static List<String> starts(RecordingSink sink) {
    return sink.published.values().stream()
        .filter(r -> r instanceof Slot)
        .map(r -> ((Slot) r).getStartElement().getValueAsString())
        .sorted()
        .toList();
  }

  @Test
  void generatedSessionsMoveOnAsDaysPassWithoutAChangeFromThePublisher() {
    RecordingSink sink = new RecordingSink();
    Directory directory = new Directory(mapper, store, sink);
    harvestYoga(directory);
    // The window ends on Friday 10 April; 1 April is an exception.
    assertThat(starts(sink)).containsExactly("2026-03-25T18:30:00.000Z", "2026-04-08T17:30:00.000Z");

    // Later the same day nothing is due: nothing is sent.
    clock.advance(Duration.ofHours(3));
    int batches = sink.batches.size();
    directory.refreshGeneratedSessions();
    assertThat(sink.batches).hasSize(batches);

    // Thursday 26 March: Wednesday's session has ended; the window reaches Thursday 16 April.
    clock.advance(Duration.ofDays(6).minusHours(3));
    directory.refreshGeneratedSessions();
    assertThat(starts(sink)).containsExactly("2026-04-08T17:30:00.000Z", "2026-04-15T17:30:00.000Z");
    ResourceChanges moved = sink.batches.get(sink.batches.size() - 1);
    assertThat(moved.deletions()).containsExactly(DirectoryIT.slot(YOGA + "/sessions/2026-03-25T18:30Z"));
    // Only the new session and the Schedule whose horizon moved are sent; the unchanged session is not.
    assertThat(moved.upserts())
        .extracting(r -> r.fhirType() + "/" + r.getIdElement().getIdPart())
        .containsExactly(
            DirectoryIT.slot(YOGA + "/sessions/2026-04-15T18:30+01:00"), schedule(YOGA));
    Schedule horizon = (Schedule) sink.published.get(schedule(YOGA));
    assertThat(horizon.getPlanningHorizon().getStartElement().getValueAsString())
        .isEqualTo("2026-04-08T17:30:00Z");
    assertThat(horizon.getPlanningHorizon().getEndElement().getValueAsString())
        .isEqualTo("2026-04-15T18:30:00Z");
  }

  @Test
  void aRestartFromASnapshotServesNoGeneratedSessionThatHasEnded() {
    ResourceIndex index = new ResourceIndex(FhirContext.forR4Cached());
    Directory before = new Directory(mapper, store, index);
    before.loadAll();
    harvestYoga(before);
    assertThat(slotStarts(index)).containsExactly("2026-03-25T18:30:00Z", "2026-04-08T17:30:00Z");

    // Restarted a week later from the index as it was (a snapshot at the store's version).
    clock.advance(Duration.ofDays(7));
    Directory after = new Directory(mapper, store, index);
    after.rebuildGraph(new IndexedSlots(index));
    after.refreshGeneratedSessions();

    assertThat(slotStarts(index)).containsExactly("2026-04-08T17:30:00Z", "2026-04-15T17:30:00Z");
    // The same sessions a directory loading the store now would publish.
    RecordingSink loaded = new RecordingSink();
    new Directory(mapper, store, loaded).loadAll();
    Set<String> served = index.query(view -> Set.copyOf(view.slotIdsOfSchedule(ResourceIds.schedule(YOGA))));
    assertThat(served)
        .containsExactlyInAnyOrderElementsOf(
            loaded.ofType("Slot").stream().map(r -> r.substring("Slot/".length())).toList());
  }

  private static List<String> slotStarts(ResourceIndex index) {
    return index.query(
        view ->
            view.slotIdsOfSchedule(ResourceIds.schedule(YOGA)).stream()
                .map(view::slot)
                .map(Indexed::keys)
                .map(SlotKeys::startMillis)
                .map(millis -> Instant.ofEpochMilli(millis).toString())
                .sorted()
                .toList());
  }
}
