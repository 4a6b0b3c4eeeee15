package dev.activityfhir.server.directory;

import static dev.activityfhir.server.directory.DirectoryIT.HALL;
import static dev.activityfhir.server.directory.DirectoryIT.MAPPER;
import static dev.activityfhir.server.directory.DirectoryIT.PILATES;
import static dev.activityfhir.server.directory.DirectoryIT.SERIES_FEED;
import static dev.activityfhir.server.directory.DirectoryIT.SESSIONS_FEED;
import static dev.activityfhir.server.directory.DirectoryIT.YOGA;
import static dev.activityfhir.server.directory.DirectoryIT.embeddedSessionItem;
import static dev.activityfhir.server.directory.DirectoryIT.schedule;
import static dev.activityfhir.server.directory.DirectoryIT.series;
import static dev.activityfhir.server.directory.DirectoryIT.service;
import static dev.activityfhir.server.directory.DirectoryIT.session;
import static dev.activityfhir.server.directory.DirectoryIT.slot;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.activityfhir.mapping.ResourceIds;
import dev.activityfhir.server.directory.DirectoryIT.RecordingSink;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.harvest.OpenActiveFixtures;
import dev.activityfhir.server.store.AppliedChanges;
import dev.activityfhir.server.store.Database;
import dev.activityfhir.server.store.HarvestStore;
import dev.activityfhir.server.store.RpdeItem;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Schedule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A directory whose graph was rebuilt without publishing behaves, from then on, exactly like one that loaded
 * and published the same store.
 */
class DirectoryRebuildIT {

  private static final String FACILITIES_FEED = "https://ex.org/feeds/facility-uses";
  private static final String SLOTS_FEED = "https://ex.org/feeds/slots";
  /** Not the default licence, so that a directory that forgot the stored licences would map differently. */
  private static final String LICENSE = "https://creativecommons.org/licenses/by-sa/4.0/";
  private static final String MISSING = "https://ex.org/session-series/missing";
  private static final String COURTS = "https://ex.org/facility-uses/courts";
  private static final String EMBEDDED_PARENT = "https://opensessions.io/api/session-series/1402CBP20150217";

  private Database database;
  private HarvestStore store;
  private long modified = 100;

  @BeforeEach
  void openStore() {
    String url = "jdbc:h2:mem:rebuild-" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1";
    database = Database.open(url);
    store = new HarvestStore(database.dataSource(), MAPPER);
  }

  @AfterEach
  void closeStore() {
    database.close();
  }

  @Test
  void aRebuiltGraphPublishesNothingAndThenTheSameChangesAsALoadedOne() throws IOException {
    JsonNode embeddedItem = embeddedSessionItem();
    String embeddedId = embeddedItem.get("id").asText();
    fillStore(embeddedItem);

    ResourceIndex index = new ResourceIndex(FhirContext.forR4Cached());
    RecordingSink loadedSink = new RecordingSink();
    Directory loaded =
        new Directory(
            MAPPER,
            store,
            changes -> {
              index.apply(changes);
              loadedSink.apply(changes);
            });
    loaded.loadAll();
    IndexedSlots slots = new IndexedSlots(index);
    RecordingSink rebuiltSink = new RecordingSink();
    Directory rebuilt = new Directory(MAPPER, store, rebuiltSink);
    rebuilt.rebuildGraph(slots);

    assertThat(rebuiltSink.batches).isEmpty();
    // Children of published parents, without an embedded superEvent: not the orphan nor the embedded child.
    assertThat(slots.asked)
        .containsExactlyInAnyOrder(
            slotId(YOGA + "/1"),
            slotId(YOGA + "/2"),
            slotId(YOGA + "/x"),
            slotId(PILATES + "/9"),
            slotId(COURTS + "/slots/1"),
            slotId(COURTS + "/slots/2"),
            slotId(COURTS + "/slots/3"));
    // Services and schedules of yoga, pilates, the embedded parent and the courts; slots yoga/1, yoga/2,
    // pilates/9, the embedded child and three court slots; the hall, the embedded parent's and the courts'
    // places; the club, the embedded organizer and the trust.
    assertThat(loadedSink.ofType("HealthcareService")).hasSize(4);
    assertThat(loadedSink.ofType("Schedule")).hasSize(4);
    assertThat(loadedSink.ofType("Slot")).hasSize(7);
    assertThat(loadedSink.ofType("Location")).hasSize(3);
    assertThat(loadedSink.ofType("Organization")).hasSize(3);
    assertSameState(loaded, rebuilt);
    assertThat(rebuilt.pendingChildren()).isEqualTo(2); // the orphan and the child without a start
    assertThat(rebuilt.skippedItems()).containsExactly(Map.entry(SESSIONS_FEED, 2L));
    assertThat(rebuilt.skippedItems(SESSIONS_FEED))
        .containsOnlyKeys("parent not harvested", "no usable startDate, or an end before it");

    Steps steps = new Steps(loaded, loadedSink, rebuilt, rebuiltSink);
    ResourceChanges parentUpdated =
        steps.apply(SERIES_FEED, updated("yoga", series(YOGA, "Yoga moved", "https://ex.org/places/park")));
    assertThat(references(parentUpdated))
        .contains(service(YOGA), schedule(YOGA), slot(YOGA + "/1"), slot(YOGA + "/2"));

    ResourceChanges childDeleted = steps.apply(SESSIONS_FEED, deleted("2"));
    assertThat(childDeleted.deletions()).containsExactly(slot(YOGA + "/2"));

    ResourceChanges parentDeleted = steps.apply(SERIES_FEED, deleted("pilates"));
    assertThat(parentDeleted.deletions())
        .contains(service(PILATES), schedule(PILATES), slot(PILATES + "/9"))
        .anyMatch(reference -> reference.startsWith("Location/")); // nobody uses the hall any more

    ResourceChanges childOfOrphanedParent =
        steps.apply(
            SESSIONS_FEED,
            updated("10", session(PILATES + "/10", PILATES, "2026-04-08T18:00:00Z", "2026-04-08T19:00:00Z")));
    assertThat(childOfOrphanedParent.isEmpty()).isTrue();
    assertThat(rebuilt.pendingChildren()).isEqualTo(4);

    ResourceChanges orphanAdopted =
        steps.apply(SERIES_FEED, updated("missing", series(MISSING, "Found", HALL)));
    assertThat(references(orphanAdopted)).contains(service(MISSING), slot("https://ex.org/s/orphan"));

    ResourceChanges childMoved =
        steps.apply(
            SESSIONS_FEED,
            updated("1", session(YOGA + "/1", MISSING, "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z")));
    assertThat(references(childMoved)).contains(slot(YOGA + "/1"), schedule(YOGA), schedule(MISSING));

    ObjectNode renamed = (ObjectNode) embeddedItem.get("data").deepCopy();
    ((ObjectNode) renamed.get("superEvent")).put("name", "Renamed");
    ResourceChanges embeddedParentChanged = steps.apply(SESSIONS_FEED, updated(embeddedId, renamed));
    assertThat(references(embeddedParentChanged)).contains(service(EMBEDDED_PARENT));

    ResourceChanges facilityDeleted = steps.apply(FACILITIES_FEED, deleted("courts"));
    assertThat(facilityDeleted.deletions())
        .contains(service(COURTS), slot(COURTS + "/slots/1"), slot(COURTS + "/slots/3"));
    assertThat(rebuilt.pendingChildren()).isEqualTo(6); // and the three court slots
  }

  @Test
  void aRebuiltGraphTakesSlotTimesFromThePublishedSlotsInsteadOfMappingTheChildren() {
    apply(SERIES_FEED, updated("yoga", series(YOGA, "Yoga for all", HALL)));
    apply(
        SESSIONS_FEED,
        updated("1", session(YOGA + "/1", YOGA, "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z")),
        updated("2", session(YOGA + "/2", YOGA, "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z")));
    IndexedSlots slots = new IndexedSlots(loadedIndex());
    // The store moves on behind the index's back: mapping session 1 now gives a start a week earlier.
    apply(
        SESSIONS_FEED,
        updated("1", session(YOGA + "/1", YOGA, "2026-02-23T10:00:00Z", "2026-03-02T11:00:00Z")));

    RecordingSink fromIndex = new RecordingSink();
    Directory rebuiltFromIndex = new Directory(MAPPER, store, fromIndex);
    rebuiltFromIndex.rebuildGraph(slots);
    RecordingSink fromMapping = new RecordingSink();
    Directory rebuiltByMapping = new Directory(MAPPER, store, fromMapping);
    rebuiltByMapping.rebuildGraph(PublishedSlots.NONE);
    AppliedChanges child2Deleted = apply(SESSIONS_FEED, deleted("2"));
    rebuiltFromIndex.pageApplied(SESSIONS_FEED, child2Deleted, LICENSE);
    rebuiltByMapping.pageApplied(SESSIONS_FEED, child2Deleted, LICENSE);

    assertThat(slots.asked).containsExactlyInAnyOrder(slotId(YOGA + "/1"), slotId(YOGA + "/2"));
    Period indexHorizon = planningHorizon(fromIndex, YOGA);
    assertThat(indexHorizon.getStart().toInstant()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
    assertThat(indexHorizon.getEnd().toInstant()).isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));
    assertThat(planningHorizon(fromMapping, YOGA).getStart().toInstant())
        .isEqualTo(Instant.parse("2026-02-23T10:00:00Z"));
  }

  @Test
  void anUnmappableChildIsStillSkippedAfterARebuild() {
    apply(SERIES_FEED, updated("yoga", series(YOGA, "Yoga for all", HALL)));
    ObjectNode noStart = session(YOGA + "/x", YOGA, "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z");
    noStart.remove("startDate");
    apply(
        SESSIONS_FEED,
        updated("1", session(YOGA + "/1", YOGA, "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z")),
        updated("x", noStart));
    IndexedSlots slots = new IndexedSlots(loadedIndex());

    Directory rebuilt = new Directory(MAPPER, store, new RecordingSink());
    rebuilt.rebuildGraph(slots);

    assertThat(slots.asked).containsExactlyInAnyOrder(slotId(YOGA + "/1"), slotId(YOGA + "/x"));
    assertThat(rebuilt.skippedItems()).containsExactly(Map.entry(SESSIONS_FEED, 1L));
    assertThat(rebuilt.pendingChildren()).isEqualTo(1);
  }

  /** An index filled by loading the store as it is now. */
  private ResourceIndex loadedIndex() {
    ResourceIndex index = new ResourceIndex(FhirContext.forR4Cached());
    new Directory(MAPPER, store, index).loadAll();
    return index;
  }

  private static Period planningHorizon(RecordingSink sink, String parent) {
    Schedule schedule = (Schedule) sink.published.get(schedule(parent));
    assertThat(schedule).as("the published %s", schedule(parent)).isNotNull();
    return schedule.getPlanningHorizon();
  }

  private static String slotId(String childAtId) {
    return ResourceIds.slot(childAtId);
  }

  /** Parents, children, an embedded superEvent, an orphan, an unmappable child, a FacilityUse with slots. */
  private void fillStore(JsonNode embeddedItem) {
    apply(
        SERIES_FEED,
        updated("yoga", series(YOGA, "Yoga for all", HALL)),
        updated("pilates", series(PILATES, "Pilates", HALL)));
    ObjectNode noStart = session(YOGA + "/x", YOGA, "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z");
    noStart.remove("startDate");
    apply(
        SESSIONS_FEED,
        updated("1", session(YOGA + "/1", YOGA, "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z")),
        updated("2", session(YOGA + "/2", YOGA, "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z")),
        updated("9", session(PILATES + "/9", PILATES, "2026-04-01T18:00:00Z", "2026-04-01T19:00:00Z")),
        updated(
            "orphan",
            session("https://ex.org/s/orphan", MISSING, "2026-04-01T18:00:00Z", "2026-04-01T19:00:00Z")),
        updated("x", noStart),
        updated(embeddedItem.get("id").asText(), embeddedItem.get("data")));
    ObjectNode courts = OpenActiveFixtures.facilityUse(COURTS, "Tennis courts", "https://ex.org/places/courts");
    apply(FACILITIES_FEED, updated("courts", courts));
    for (int day = 1; day <= 3; day++) {
      String start = "2026-03-0" + day + "T09:00:00Z";
      String end = "2026-03-0" + day + "T10:00:00Z";
      apply(
          SLOTS_FEED,
          updated("c" + day, OpenActiveFixtures.facilitySlot(COURTS + "/slots/" + day, COURTS, start, end)));
    }
  }

  /** Applies each page to the store and the same changes to both directories, checking they publish alike. */
  private final class Steps {
    private final Directory loaded;
    private final RecordingSink loadedSink;
    private final Directory rebuilt;
    private final RecordingSink rebuiltSink;

    Steps(Directory loaded, RecordingSink loadedSink, Directory rebuilt, RecordingSink rebuiltSink) {
      this.loaded = loaded;
      this.loadedSink = loadedSink;
      this.rebuilt = rebuilt;
      this.rebuiltSink = rebuiltSink;
    }

    /** The changes both directories published for the page. */
    ResourceChanges apply(String feed, RpdeItem item) {
      AppliedChanges changes = DirectoryRebuildIT.this.apply(feed, item);
      loaded.pageApplied(feed, changes, LICENSE);
      rebuilt.pageApplied(feed, changes, LICENSE);
      ResourceChanges expected = last(loadedSink);
      ResourceChanges actual = last(rebuiltSink);
      assertThat(actual.deletions()).isEqualTo(expected.deletions());
      assertThat(references(actual)).isEqualTo(references(expected));
      for (int i = 0; i < expected.upserts().size(); i++) {
        Resource resource = actual.upserts().get(i);
        assertThat(resource.equalsDeep(expected.upserts().get(i)))
            .as("%s equals the loaded directory's", reference(resource))
            .isTrue();
      }
      assertThat(actual.storeVersion()).isEqualTo(expected.storeVersion()).isEqualTo(changes.storeVersion());
      assertSameState(loaded, rebuilt);
      return expected;
    }
  }

  private static ResourceChanges last(RecordingSink sink) {
    return sink.batches.get(sink.batches.size() - 1);
  }

  private static void assertSameState(Directory expected, Directory actual) {
    assertThat(actual.pendingChildren()).isEqualTo(expected.pendingChildren());
    assertThat(actual.skippedItems()).isEqualTo(expected.skippedItems());
  }

  private AppliedChanges apply(String feed, RpdeItem... items) {
    return store.applyPage(feed, List.of(items), feed, LICENSE, Instant.now());
  }

  private RpdeItem updated(String rpdeId, JsonNode data) {
    return new RpdeItem(rpdeId, "updated", Long.toString(++modified), null, data.toString());
  }

  private RpdeItem deleted(String rpdeId) {
    return new RpdeItem(rpdeId, "deleted", Long.toString(++modified), null, null);
  }

  private static List<String> references(ResourceChanges changes) {
    return changes.upserts().stream().map(DirectoryRebuildIT::reference).toList();
  }

  private static String reference(Resource resource) {
    return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
  }
}
