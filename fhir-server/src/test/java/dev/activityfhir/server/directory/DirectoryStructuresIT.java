package dev.activityfhir.server.directory;

import static dev.activityfhir.server.directory.DirectoryIT.HALL;
import static dev.activityfhir.server.directory.DirectoryIT.SERIES_FEED;
import static dev.activityfhir.server.directory.DirectoryIT.SESSIONS_FEED;
import static dev.activityfhir.server.directory.DirectoryIT.YOGA;
import static dev.activityfhir.server.directory.DirectoryIT.schedule;
import static dev.activityfhir.server.directory.DirectoryIT.service;
import static dev.activityfhir.server.directory.DirectoryIT.slot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.activityfhir.mapping.OpenActiveMapper;
import dev.activityfhir.mapping.ScheduleWindow;
import dev.activityfhir.server.directory.DirectoryIT.RecordingSink;
import dev.activityfhir.server.harvest.OpenActiveFixtures;
import dev.activityfhir.server.store.AppliedChanges;
import dev.activityfhir.server.store.Database;
import dev.activityfhir.server.store.HarvestStore;
import dev.activityfhir.server.store.RpdeItem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What real feeds nest and leave out, joined by the directory: facility Slots naming an IndividualFacilityUse
 * published only inside its FacilityUse, facility slots sent inside the item, children embedding a parent
 * without {@code @id}, imin-style EventSeries of SessionSeries, and sessions generated from a weekly schedule.
 */
class DirectoryStructuresIT {

  private static final String LICENSE = "https://creativecommons.org/licenses/by/4.0/";
  private static final String FACILITY_FEED = "https://ex.org/feeds/facility-uses";
  private static final String SLOTS_FEED = "https://ex.org/feeds/slots";
  private static final String COURTS = "https://ex.org/facility-uses/courts";
  private static final String COURT_1 = COURTS + "/individual-facility-uses/1";
  /** Friday 20 March 2026, noon: British Summer Time starts on Sunday 29 March. */
  private static final Instant NOW = Instant.parse("2026-03-20T12:00:00Z");

  private final OpenActiveMapper mapper =
      OpenActiveMapper.withBundledVocabularies(new ScheduleWindow(Clock.fixed(NOW, ZoneOffset.UTC), 3));
  private Database database;
  private HarvestStore store;
  private RecordingSink sink;
  private Directory directory;
  private long modified = 100;

  @BeforeEach
  void setUp() {
    database = Database.open("jdbc:h2:mem:structures-" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
    store = new HarvestStore(database.dataSource(), mapper);
    sink = new RecordingSink();
    directory = new Directory(mapper, store, sink);
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  private void update(String feed, String rpdeId, ObjectNode data) {
    apply(feed, new RpdeItem(rpdeId, "updated", Long.toString(++modified), null, data.toString()));
  }

  private void delete(String feed, String rpdeId) {
    apply(feed, new RpdeItem(rpdeId, "deleted", Long.toString(++modified), null, null));
  }

  private void apply(String feed, RpdeItem item) {
    AppliedChanges changes = store.applyPage(feed, List.of(item), feed, LICENSE, Instant.now());
    directory.pageApplied(feed, changes, LICENSE);
  }

  private List<String> slotStarts(String parentKey) {
    String scheduleRef = schedule(parentKey);
    return sink.published.values().stream()
        .filter(r -> r instanceof Slot s && s.getSchedule().getReference().equals(scheduleRef))
        .map(r -> ((Slot) r).getStartElement().getValueAsString())
        .sorted()
        .toList();
  }

  @Test
  void facilitySlotsJoinTheFacilityUseThatEmbedsTheirIndividualFacilityUse() {
    // The Slot names a court that no feed publishes on its own; it waits for the FacilityUse.
    update(
        SLOTS_FEED,
        "s1",
        OpenActiveFixtures.facilitySlot(COURT_1 + "/slots/1", COURT_1, "2026-04-01T10:00:00Z", "2026-04-01T10:30:00Z"));
    assertThat(directory.skippedItems(SLOTS_FEED)).containsOnlyKeys("parent not harvested");

    ObjectNode courts = OpenActiveFixtures.facilityUse(COURTS, "Outdoor tennis", HALL);
    ObjectNode court = courts.putArray("individualFacilityUse").addObject();
    court.put("@type", "IndividualFacilityUse").put("@id", COURT_1).put("name", "Court 1");
    // A second court sends its slots inside the item.
    ObjectNode court2 = ((ArrayNode) courts.get("individualFacilityUse")).addObject();
    court2.put("@type", "IndividualFacilityUse").put("@id", COURTS + "/individual-facility-uses/2");
    court2
        .putArray("event")
        .addObject()
        .put("@type", "Slot")
        .put("startDate", "2026-04-02T09:00:00Z")
        .put("duration", "PT1H")
        .put("remainingUses", 0);
    update(FACILITY_FEED, "courts", courts);

    assertThat(directory.skippedItems(SLOTS_FEED)).isEmpty();
    Slot joined = (Slot) sink.published.get(slot(COURT_1 + "/slots/1"));
    assertThat(joined.getSchedule().getReference()).isEqualTo(schedule(COURTS));
    assertThat(slotStarts(COURTS)).containsExactly("2026-04-01T10:00:00.000Z", "2026-04-02T09:00:00.000Z");

    // Later slots of the court join at once.
    update(
        SLOTS_FEED,
        "s2",
        OpenActiveFixtures.facilitySlot(COURT_1 + "/slots/2", COURT_1, "2026-04-03T10:00:00Z", "2026-04-03T10:30:00Z"));
    assertThat(sink.published).containsKey(slot(COURT_1 + "/slots/2"));
    Schedule courtsSchedule = (Schedule) sink.published.get(schedule(COURTS));
    assertThat(courtsSchedule.getPlanningHorizon().getEndElement().getValueAsString())
        .isEqualTo("2026-04-03T10:30:00Z");

    // The FacilityUse withdrawn: its joined slots are held back again.
    delete(FACILITY_FEED, "courts");
    assertThat(sink.published).doesNotContainKey(slot(COURT_1 + "/slots/1"));
    assertThat(directory.skippedItems(SLOTS_FEED)).containsOnlyKeys("parent not harvested");
  }

  @Test
  void childrenEmbeddingTheirWholeParentWithoutAnIdPublishOneServiceAndTheirSlots() {
    for (int day = 1; day <= 2; day++) {
      ObjectNode session =
          OpenActiveFixtures.session(
              "https://ex.org/sessions/" + day, "unused", "2026-04-0" + day + "T10:00:00Z", "2026-04-0" + day + "T11:00:00Z");
      ObjectNode series = DirectoryIT.series(YOGA, "Yoga for all", HALL);
      series.remove("@id");
      session.set("superEvent", series);
      update(SESSIONS_FEED, "s" + day, session);
    }
    assertThat(sink.ofType("HealthcareService")).hasSize(1);
    assertThat(sink.ofType("Slot")).hasSize(2);
    HealthcareService service =
        (HealthcareService) sink.published.get(sink.ofType("HealthcareService").get(0));
    assertThat(service.getName()).isEqualTo("Yoga for all");
    assertThat(service.getIdentifierFirstRep().getSystem()).isEqualTo("urn:ietf:rfc:3986");
    assertThat(service.getIdentifierFirstRep().getValue()).startsWith("urn:activityfhir:embedded-parent:");
    assertThat(directory.skippedItems()).isEmpty();
  }

  @Test
  void anEventSeriesOfSessionSeriesIsUnwrappedIntoServicesAndSlots() {
    ObjectNode group = OpenActiveFixtures.yogaSeries("https://ex.org/event-series/1", "Yoga in the park");
    group.put("@type", "EventSeries");
    OpenActiveFixtures.organizer(group, "https://ex.org/organizations/club", "Demo Club");
    ObjectNode member = group.putArray("subEvent").addObject();
    member.put("@type", "SessionSeries").put("@id", YOGA);
    OpenActiveFixtures.place(member, HALL, "Community Hall", 51.5413, -0.1426, "NW1 8AB");
    member
        .putArray("subEvent")
        .addObject()
        .put("@type", "ScheduledSession")
        .put("@id", YOGA + "/1")
        .put("startDate", "2026-04-01T10:00:00Z")
        .put("endDate", "2026-04-01T11:00:00Z");
    update(SERIES_FEED, "group", group);

    HealthcareService service = (HealthcareService) sink.published.get(service(YOGA));
    assertThat(service.getName()).as("inherited from the EventSeries").isEqualTo("Yoga in the park");
    assertThat(service.getProvidedBy().getDisplay()).isEqualTo("Demo Club");
    assertThat(sink.published).containsKey(slot(YOGA + "/1"));
    assertThat(directory.skippedItems()).isEmpty();

    delete(SERIES_FEED, "group");
    assertThat(sink.published).isEmpty();
  }

  @Test
  void oneOrganiserNamedDifferentlyByTwoItemsIsOneOrganizationWithTheNewestName() {
    // A booking system abbreviates the club's name on one series; the organiser @id is the same.
    update(SERIES_FEED, "yoga", DirectoryIT.series(YOGA, "Yoga for all", HALL));
    ObjectNode pilates = DirectoryIT.series(DirectoryIT.PILATES, "Pilates", HALL);
    OpenActiveFixtures.organizer(pilates, "https://ex.org/organizations/club", "Demo Club Ltd");
    update(SERIES_FEED, "pilates", pilates);

    assertThat(sink.ofType("Organization")).hasSize(1);
    org.hl7.fhir.r4.model.Organization club =
        (org.hl7.fhir.r4.model.Organization) sink.published.get(sink.ofType("Organization").get(0));
    assertThat(club.getName()).isEqualTo("Demo Club Ltd");
    // Each service keeps the name its own item gave.
    assertThat(((HealthcareService) sink.published.get(service(YOGA))).getProvidedBy().getDisplay())
        .isEqualTo("Demo Club");
    assertThat(((HealthcareService) sink.published.get(service(DirectoryIT.PILATES))).getProvidedBy().getDisplay())
        .isEqualTo("Demo Club Ltd");
    assertThat(((HealthcareService) sink.published.get(service(YOGA))).getProvidedBy().getReference())
        .isEqualTo("Organization/" + club.getIdPart());
  }

  private static List<String> weeklyTimes(HealthcareService service) {
    return service.getAvailableTime().stream()
        .map(
            t ->
                t.getDaysOfWeek().stream().map(d -> d.getValue().toCode()).toList()
                    + (t.getAllDay() ? " all day" : " " + t.getAvailableStartTime() + "-" + t.getAvailableEndTime()))
        .toList();
  }

  @Test
  void sessionsFromTheirOwnFeedAddTheirWeekdaysToTheSeriesDays() {
    // A council's SessionSeries names its days but not its times; its ScheduledSessions come in a feed of
    // their own, one of them on a day the schedule does not name.
    ObjectNode series = DirectoryIT.series(YOGA, "Yoga for all", HALL);
    ObjectNode days = series.putArray("eventSchedule").addObject();
    days.put("@type", "PartialSchedule").put("repeatFrequency", "P1W");
    days.putArray("byDay").add("https://schema.org/Monday");
    update(SERIES_FEED, "yoga", series);
    assertThat(weeklyTimes((HealthcareService) sink.published.get(service(YOGA)))).containsExactly("[mon] all day");

    update(SESSIONS_FEED, "1", DirectoryIT.session(YOGA + "/1", YOGA, "2026-03-23T18:30:00Z", "2026-03-23T19:30:00Z"));
    update(SESSIONS_FEED, "2", DirectoryIT.session(YOGA + "/2", YOGA, "2026-04-02T09:00:00Z", "2026-04-02T10:00:00Z"));
    // Thursday 2 April is in summer time: 10:00 London.
    assertThat(weeklyTimes((HealthcareService) sink.published.get(service(YOGA))))
        .containsExactly("[mon] all day", "[mon] 18:30:00-19:30:00", "[thu] 10:00:00-11:00:00");

    // A change to the series keeps the sessions' days; a session withdrawn takes its day with it.
    update(SERIES_FEED, "yoga", series.put("name", "Yoga for everyone"));
    assertThat(weeklyTimes((HealthcareService) sink.published.get(service(YOGA)))).hasSize(3);
    delete(SESSIONS_FEED, "2");
    assertThat(weeklyTimes((HealthcareService) sink.published.get(service(YOGA))))
        .containsExactly("[mon] all day", "[mon] 18:30:00-19:30:00");

    // A directory loading the store publishes the same service.
    RecordingSink loadedSink = new RecordingSink();
    new Directory(mapper, store, loadedSink).loadAll();
    assertThat(loadedSink.published.get(service(YOGA)).equalsDeep(sink.published.get(service(YOGA)))).isTrue();
  }

  /** Wednesdays 18:30-19:30 London time, except 1 April, as a leisure operator's SessionSeries sends it. */
  static ObjectNode weeklyYoga() {
    ObjectNode series = DirectoryIT.series(YOGA, "Yoga for all", HALL);
    ObjectNode schedule = series.putArray("eventSchedule").addObject();
    schedule.put("@type", "Schedule").put("repeatFrequency", "P1W");
    schedule.putArray("byDay").add("https://schema.org/Wednesday");
    schedule.put("startTime", "18:30").put("endTime", "19:30").put("scheduleTimezone", "Europe/London");
    schedule.putArray("exceptDate").add("2026-04-01");
    schedule.put("idTemplate", YOGA + "/sessions/{startDate}");
    return series;
  }

  @Test
  void sessionsAreGeneratedFromTheScheduleAcrossTheClockChangeUntilRealOnesArrive() {
    update(SERIES_FEED, "yoga", weeklyYoga());

    // 18:30 London: GMT on 25 March, BST on 8 April; 1 April is an exception; the window ends 10 April.
    assertThat(slotStarts(YOGA)).containsExactly("2026-03-25T18:30:00.000Z", "2026-04-08T17:30:00.000Z");
    Slot generated = (Slot) sink.published.get(slot(YOGA + "/sessions/2026-04-08T18:30+01:00"));
    assertThat(generated.getMeta().getTagFirstRep().getCode()).isEqualTo("generated");
    assertThat(generated.getEndElement().getValueAsString()).isEqualTo("2026-04-08T18:30:00.000Z");
    assertThat(generated.getExtension()).noneMatch(e -> e.getUrl().endsWith("slot-capacity"));
    Schedule horizon = (Schedule) sink.published.get(schedule(YOGA));
    assertThat(horizon.getPlanningHorizon().getStartElement().getValueAsString())
        .isEqualTo("2026-03-25T18:30:00Z");

    // The publisher's own session replaces the generated ones.
    update(
        SESSIONS_FEED,
        "1",
        DirectoryIT.session(YOGA + "/1", YOGA, "2026-03-25T18:30:00Z", "2026-03-25T19:30:00Z"));
    assertThat(slotStarts(YOGA)).containsExactly("2026-03-25T18:30:00.000Z");
    assertThat(sink.published).containsKey(slot(YOGA + "/1")).doesNotContainKey(generated.getIdPart());

    // Without sessions again, the schedule speaks for the series again.
    delete(SESSIONS_FEED, "1");
    assertThat(slotStarts(YOGA)).containsExactly("2026-03-25T18:30:00.000Z", "2026-04-08T17:30:00.000Z");
  }

  @Test
  void aLoadGeneratesSessionsOnlyForSeriesWithoutSessions() {
    update(SERIES_FEED, "yoga", weeklyYoga());
    ObjectNode pilates = weeklyYoga().put("@id", DirectoryIT.PILATES).put("name", "Pilates");
    ((ObjectNode) pilates.get("eventSchedule").get(0)).remove("idTemplate");
    update(SERIES_FEED, "pilates", pilates);
    update(
        SESSIONS_FEED,
        "p1",
        DirectoryIT.session(DirectoryIT.PILATES + "/1", DirectoryIT.PILATES, "2026-03-26T10:00:00Z", "2026-03-26T11:00:00Z"));

    RecordingSink loadedSink = new RecordingSink();
    new Directory(mapper, store, loadedSink).loadAll();
    assertThat(loadedSink.published.keySet()).isEqualTo(sink.published.keySet());
    assertThat(loadedSink.ofType("Slot")).hasSize(3);
  }
}
