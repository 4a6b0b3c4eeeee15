package dev.activityfhir.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.activityfhir.mapping.OpenActiveMapper;
import dev.activityfhir.mapping.ResourceIds;
import dev.activityfhir.server.harvest.OpenActiveFixtures;
import dev.activityfhir.server.store.AppliedChanges;
import dev.activityfhir.server.store.Database;
import dev.activityfhir.server.store.HarvestStore;
import dev.activityfhir.server.store.RpdeItem;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Joining harvested items into resources: parents and children across feeds, deletions, shared resources. */
class DirectoryIT {

  static final OpenActiveMapper MAPPER = OpenActiveMapper.withBundledVocabularies();
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String SERIES_FEED = "https://ex.org/feeds/session-series";
  static final String SESSIONS_FEED = "https://ex.org/feeds/scheduled-sessions";
  private static final String LICENSE = "https://creativecommons.org/licenses/by/4.0/";
  static final String YOGA = "https://ex.org/session-series/yoga";
  static final String PILATES = "https://ex.org/session-series/pilates";
  static final String HALL = "https://ex.org/places/hall";

  private Database database;
  private HarvestStore store;
  private RecordingSink sink;
  private Directory directory;
  private long modified = 100;

  @BeforeEach
  void setUp() {
    database =
        Database.open("jdbc:h2:mem:directory-" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
    store = new HarvestStore(database.dataSource(), MAPPER);
    sink = new RecordingSink();
    directory = new Directory(MAPPER, store, sink);
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  /** Keeps the published state, as the FHIR index would. */
  static final class RecordingSink implements ResourceSink {
    final Map<String, Resource> published = new TreeMap<>();
    final List<ResourceChanges> batches = new ArrayList<>();

    @Override
    public void apply(ResourceChanges changes) {
      batches.add(changes);
      changes.deletions().forEach(published::remove);
      changes
          .upserts()
          .forEach(r -> published.put(r.fhirType() + "/" + r.getIdElement().getIdPart(), r));
    }

    List<String> ofType(String type) {
      return published.keySet().stream().filter(k -> k.startsWith(type + "/")).toList();
    }
  }

  static ObjectNode series(String atId, String name, String placeId) {
    ObjectNode data = OpenActiveFixtures.yogaSeries(atId, name);
    OpenActiveFixtures.place(data, placeId, "Community Hall", 51.5413, -0.1426, "NW1 8AB");
    OpenActiveFixtures.organizer(data, "https://ex.org/organizations/club", "Demo Club");
    return OpenActiveFixtures.offer(data, "5");
  }

  static ObjectNode session(String atId, String superEvent, String start, String end) {
    return OpenActiveFixtures.session(atId, superEvent, start, end).put("remainingAttendeeCapacity", 4);
  }

  private void update(String feed, String rpdeId, JsonNode data) {
    apply(feed, new RpdeItem(rpdeId, "updated", Long.toString(++modified), null, data.toString()));
  }

  private void delete(String feed, String rpdeId) {
    apply(feed, new RpdeItem(rpdeId, "deleted", Long.toString(++modified), null, null));
  }

  private void apply(String feed, RpdeItem item) {
    AppliedChanges changes = store.applyPage(feed, List.of(item), feed, LICENSE, Instant.now());
    directory.pageApplied(feed, changes, LICENSE);
  }

  static String service(String parent) {
    return "HealthcareService/" + ResourceIds.healthcareService(parent);
  }

  static String schedule(String parent) {
    return "Schedule/" + ResourceIds.schedule(parent);
  }

  static String slot(String child) {
    return "Slot/" + ResourceIds.slot(child);
  }

  private void addYogaSessions() {
    update(SESSIONS_FEED, "1", session(YOGA + "/1", YOGA, "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z"));
    update(SESSIONS_FEED, "2", session(YOGA + "/2", YOGA, "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z"));
  }

  @Test
  void holdsChildrenBackUntilTheirParentArrives() {
    addYogaSessions();
    assertThat(sink.published).isEmpty();
    assertThat(directory.pendingChildren()).isEqualTo(2);

    update(SERIES_FEED, "yoga", series(YOGA, "Yoga for all", HALL));

    assertThat(sink.published)
        .containsKeys(service(YOGA), schedule(YOGA), slot(YOGA + "/1"), slot(YOGA + "/2"));
    assertThat(sink.ofType("Location")).hasSize(1);
    assertThat(sink.ofType("Organization")).hasSize(1);
    assertThat(directory.pendingChildren()).isZero();
    Slot first = (Slot) sink.published.get(slot(YOGA + "/1"));
    assertThat(first.getSchedule().getReference()).isEqualTo(schedule(YOGA));
    Schedule schedule = (Schedule) sink.published.get(schedule(YOGA));
    assertThat(schedule.getPlanningHorizon().getStartElement().getValue().toInstant())
        .isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
    assertThat(schedule.getPlanningHorizon().getEndElement().getValue().toInstant())
        .isEqualTo(Instant.parse("2026-03-09T11:00:00Z"));
  }

  @Test
  void aDeletedParentWithdrawsItsResourcesAndItsChildrenWaitForItsReturn() {
    update(SERIES_FEED, "yoga", series(YOGA, "Yoga for all", HALL));
    addYogaSessions();
    assertThat(sink.published).hasSize(6);

    delete(SERIES_FEED, "yoga");

    assertThat(sink.published).isEmpty();
    assertThat(directory.pendingChildren()).isEqualTo(2);

    update(SERIES_FEED, "yoga", series(YOGA, "Yoga is back", HALL));
    assertThat(sink.published).hasSize(6).containsKeys(slot(YOGA + "/1"), slot(YOGA + "/2"));
  }

  @Test
  void aDeletedChildWithdrawsItsSlotAndNarrowsThePlanningHorizon() {
    update(SERIES_FEED, "yoga", series(YOGA, "Yoga for all", HALL));
    addYogaSessions();

    delete(SESSIONS_FEED, "2");

    assertThat(sink.published).doesNotContainKey(slot(YOGA + "/2")).containsKey(slot(YOGA + "/1"));
    Schedule schedule = (Schedule) sink.published.get(schedule(YOGA));
    assertThat(schedule.getPlanningHorizon().getEndElement().getValue().toInstant())
        .isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));
    assertThat(sink.batches.get(sink.batches.size() - 1).deletions()).containsExactly(slot(YOGA + "/2"));
  }

  @Test
  void aParentUpdateRemapsItsPublishedChildren() {
    update(SERIES_FEED, "yoga", series(YOGA, "Yoga for all", HALL));
    addYogaSessions();
    Slot before = (Slot) sink.published.get(slot(YOGA + "/1"));
    assertThat(before.getServiceTypeFirstRep().getCodingFirstRep().getCode())
        .isEqualTo("bf1a5e00-cdcf-465d-8c5a-6f57040b7f7e");

    ObjectNode bodypump = series(YOGA, "Bodypump for all", HALL);
    ObjectNode activity = (ObjectNode) bodypump.get("activity").get(0);
    activity.put("@id", "https://openactive.io/activity-list#5e78bcbe-36db-425a-9064-bf96d09cc351");
    activity.put("prefLabel", "Bodypump™");
    update(SERIES_FEED, "yoga", bodypump);

    for (String child : List.of(YOGA + "/1", YOGA + "/2")) {
      Slot after = (Slot) sink.published.get(slot(child));
      assertThat(after.getServiceTypeFirstRep().getCodingFirstRep().getCode())
          .isEqualTo("5e78bcbe-36db-425a-9064-bf96d09cc351");
    }
    assertThat(sink.published).hasSize(6);
  }

  @Test
  void aChildMovingToAnotherParentLeavesTheOldSchedule() {
    update(SERIES_FEED, "yoga", series(YOGA, "Yoga for all", HALL));
    update(SERIES_FEED, "pilates", series(PILATES, "Pilates", HALL));
    addYogaSessions();

    update(
        SESSIONS_FEED,
        "2",
        session(YOGA + "/2", PILATES, "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z"));

    Slot moved = (Slot) sink.published.get(slot(YOGA + "/2"));
    assertThat(moved.getSchedule().getReference()).isEqualTo(schedule(PILATES));
    Schedule yoga = (Schedule) sink.published.get(schedule(YOGA));
    assertThat(yoga.getPlanningHorizon().getEndElement().getValue().toInstant())
        .isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));
  }

  @Test
  void aSharedLocationStaysWhileAnyParentUsesIt() {
    update(SERIES_FEED, "yoga", series(YOGA, "Yoga for all", HALL));
    update(SERIES_FEED, "pilates", series(PILATES, "Pilates", HALL));
    List<String> locations = sink.ofType("Location");
    assertThat(locations).hasSize(1);

    delete(SERIES_FEED, "yoga");
    assertThat(sink.ofType("Location")).isEqualTo(locations);
    assertThat(sink.ofType("Organization")).hasSize(1);
    assertThat(sink.published).doesNotContainKey(service(YOGA)).containsKey(service(PILATES));

    delete(SERIES_FEED, "pilates");
    assertThat(sink.published).isEmpty();
  }

  @Test
  void aParentMovingToAnotherPlaceReleasesTheOldLocation() {
    update(SERIES_FEED, "yoga", series(YOGA, "Yoga for all", HALL));
    List<String> before = sink.ofType("Location");
    update(SERIES_FEED, "yoga", series(YOGA, "Yoga for all", "https://ex.org/places/park"));
    List<String> after = sink.ofType("Location");
    assertThat(after).hasSize(1).isNotEqualTo(before);
  }

  static JsonNode embeddedSessionItem() throws IOException {
    try (InputStream in =
        DirectoryIT.class.getResourceAsStream("scheduledsession-embedded-superevent.json")) {
      return JSON.readTree(in).get("items").get(0);
    }
  }

  @Test
  void anEmbeddedSuperEventActsAsTheParent() throws Exception {
    JsonNode item = embeddedSessionItem();
    update(SESSIONS_FEED, item.get("id").asText(), item.get("data"));

    String parent = "https://opensessions.io/api/session-series/1402CBP20150217";
    String child = parent + "#/subEvent/C5EE1E55-2DE6-44F7-A865-42F268A82C63";
    assertThat(sink.published).containsKeys(service(parent), schedule(parent), slot(child));
    assertThat(sink.published.get(service(parent)).getMeta().getSource()).isEqualTo(SESSIONS_FEED);

    delete(SESSIONS_FEED, item.get("id").asText());
    assertThat(sink.published).isEmpty();
  }

  @Test
  void anEmbeddedSuperEventIsPublishedAgainOnlyWhenItsContentChanges() throws Exception {
    JsonNode item = embeddedSessionItem();
    String rpdeId = item.get("id").asText();
    ObjectNode data = (ObjectNode) item.get("data").deepCopy();
    update(SESSIONS_FEED, rpdeId, data);
    String parent = "https://opensessions.io/api/session-series/1402CBP20150217";
    String child = parent + "#/subEvent/C5EE1E55-2DE6-44F7-A865-42F268A82C63";

    // The same superEvent with its keys in reverse order: only the session changed.
    ObjectNode superEvent = (ObjectNode) data.get("superEvent");
    List<String> keys = new ArrayList<>();
    superEvent.fieldNames().forEachRemaining(keys::add);
    ObjectNode reordered = JSON.createObjectNode();
    Collections.reverse(keys);
    keys.forEach(key -> reordered.set(key, superEvent.get(key)));
    data.set("superEvent", reordered);
    data.put("remainingAttendeeCapacity", 1);
    update(SESSIONS_FEED, rpdeId, data);
    assertThat(lastUpserts()).containsExactlyInAnyOrder(slot(child), schedule(parent));

    reordered.put("name", "Renamed");
    update(SESSIONS_FEED, rpdeId, data);
    assertThat(lastUpserts()).contains(service(parent), slot(child), schedule(parent));
    assertThat(((HealthcareService) sink.published.get(service(parent))).getName()).isEqualTo("Renamed");
  }

  private List<String> lastUpserts() {
    return sink.batches.get(sink.batches.size() - 1).upserts().stream()
        .map(r -> r.fhirType() + "/" + r.getIdElement().getIdPart())
        .toList();
  }

  @Test
  void skipsAndCountsAnUnmappableChildWithoutStoppingThePage() {
    update(SERIES_FEED, "yoga", series(YOGA, "Yoga for all", HALL));
    ObjectNode noStart = session(YOGA + "/x", YOGA, "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z");
    noStart.remove("startDate");
    AppliedChanges changes =
        store.applyPage(
            SESSIONS_FEED,
            List.of(
                new RpdeItem("x", "updated", "500", null, noStart.toString()),
                new RpdeItem(
                    "1",
                    "updated",
                    "501",
                    null,
                    session(YOGA + "/1", YOGA, "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z")
                        .toString())),
            SESSIONS_FEED,
            LICENSE,
            Instant.now());
    directory.pageApplied(SESSIONS_FEED, changes, LICENSE);

    assertThat(directory.skippedItems()).containsExactly(Map.entry(SESSIONS_FEED, 1L));
    assertThat(sink.published).containsKey(slot(YOGA + "/1")).doesNotContainKey(slot(YOGA + "/x"));
    assertThat(directory.pendingChildren()).isEqualTo(1);
  }

  @Test
  void loadingTheStorePublishesWhatHarvestingPublished() {
    addYogaSessions();
    update(SERIES_FEED, "yoga", series(YOGA, "Yoga for all", HALL));
    update(SERIES_FEED, "pilates", series(PILATES, "Pilates", HALL));
    update(
        SESSIONS_FEED,
        "9",
        session(PILATES + "/9", PILATES, "2026-04-01T18:00:00Z", "2026-04-01T19:00:00Z"));
    update(
        SESSIONS_FEED,
        "orphan",
        session("https://ex.org/s/orphan", "https://ex.org/missing", "2026-04-01T18:00:00Z", "2026-04-01T19:00:00Z"));
    delete(SESSIONS_FEED, "2");

    RecordingSink restarted = new RecordingSink();
    Directory reloaded = new Directory(MAPPER, store, restarted);
    reloaded.loadAll();

    assertThat(restarted.published.keySet()).isEqualTo(sink.published.keySet());
    assertThat(restarted.published).hasSize(8); // 2 services, 2 schedules, 2 slots, 1 location, 1 organization
    assertThat(reloaded.pendingChildren()).isEqualTo(1);
    Schedule schedule = (Schedule) restarted.published.get(schedule(YOGA));
    assertThat(schedule.getPlanningHorizon().getEndElement().getValue().toInstant())
        .isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));
  }
}
