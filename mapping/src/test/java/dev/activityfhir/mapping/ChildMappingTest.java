package dev.activityfhir.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.Slot.SlotStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Children (ScheduledSession, facility Slot) of the real examples, and the Schedule over them. */
class ChildMappingTest {

  private static final String SPLIT_SERIES =
      "https://opensessions.io/api/session-series/1402CBP20150217";
  private static final String BODYPUMP =
      "https://openactive.io/activity-list|5e78bcbe-36db-425a-9064-bf96d09cc351";

  private final OpenActiveMapper mapper = OpenActiveMapper.withBundledVocabularies();

  @Test
  void splitScheduledSessionJoinsItsSeries() {
    OpenActiveItem child = Examples.first("scheduledsession-split_example_1.json");
    OpenActiveItem parent = Examples.first("sessionseries-split_example_1.json");

    Slot slot = mapper.mapChild(child, parent);

    String childAtId = SPLIT_SERIES + "#/subEvent/C5EE1E55-2DE6-44F7-A865-42F268A82C63";
    assertThat(slot.getIdPart()).isEqualTo(ResourceIds.slot(childAtId));
    assertThat(slot.getIdentifierFirstRep().getValue()).isEqualTo(childAtId);
    assertThat(slot.getSchedule().getReference())
        .isEqualTo("Schedule/" + ResourceIds.schedule(SPLIT_SERIES));
    assertThat(slot.getStart().toInstant()).isEqualTo(Instant.parse("2016-05-09T18:15:00Z"));
    assertThat(slot.getEnd().toInstant()).isEqualTo(Instant.parse("2016-05-09T19:15:00Z"));
    assertThat(Fhir.codes(slot.getServiceType()))
        .as("activity of the parent")
        .containsExactly(BODYPUMP);
    assertThat(slot.getStatus()).as("no places left").isEqualTo(SlotStatus.BUSY);
    assertThat(Fhir.value(slot, SlotMapper.CAPACITY_URL)).isEqualTo("0");
    assertThat(Fhir.value(slot, SlotMapper.MAXIMUM_CAPACITY_URL)).isEqualTo("10");
    assertThat(Fhir.value(slot, SlotMapper.BOOKING_DEEP_LINK_URL))
        .isEqualTo("https://bookwhen.com/hulafit/e/ev-ssyp-20160510011500?r=oa");
    assertThat(slot.getMeta().getSource())
        .isEqualTo("https://www.example.com/api/rpde/scheduled-sessions");
    assertThat(Fhir.lastUpdated(slot)).isEqualTo(Instant.parse("2018-03-20T17:08:39Z"));
    assertThat(Fhir.value(Fhir.attribution(slot), "publisher")).isEqualTo("Everyone Active");
    assertThat(Fhir.value(Fhir.attribution(slot), "source")).isEqualTo(childAtId);
  }

  @Test
  void combinedScheduledSessionUsesItsEmbeddedSeries() {
    OpenActiveItem child = Examples.first("scheduledsession_example_1.json");
    OpenActiveItem parent = Examples.embeddedParent(child);

    Slot slot = mapper.mapChild(child, parent);

    assertThat(slot.getSchedule().getReference())
        .isEqualTo("Schedule/" + ResourceIds.schedule(SPLIT_SERIES));
    // 20:15 at +01:00
    assertThat(slot.getStart().toInstant()).isEqualTo(Instant.parse("2018-10-03T19:15:00Z"));
    assertThat(slot.getEnd().toInstant()).isEqualTo(Instant.parse("2018-10-03T20:15:00Z"));
    assertThat(slot.getStatus()).isEqualTo(SlotStatus.FREE);
    assertThat(Fhir.value(slot, SlotMapper.CAPACITY_URL)).isEqualTo("15");
    assertThat(Fhir.codes(slot.getServiceType())).containsExactly(BODYPUMP);
    assertThat(Fhir.value(slot, SlotMapper.BOOKING_DEEP_LINK_URL))
        .as("the session has no url of its own")
        .isEqualTo("http://www.notyetimplemented.com");
  }

  @Test
  void facilitySlotJoinsItsFacilityUse() {
    OpenActiveItem child = Examples.first("slot_example_1.json");
    OpenActiveItem parent = Examples.first("facilityuse_example_1.json");

    Slot slot = mapper.mapChild(child, parent);

    assertThat(slot.getSchedule().getReference())
        .isEqualTo("Schedule/" + ResourceIds.schedule("http://www.example.org/facility-uses/1"));
    assertThat(slot.getStart().toInstant()).isEqualTo(Instant.parse("2018-03-01T11:00:00Z"));
    assertThat(slot.getEnd().toInstant()).isEqualTo(Instant.parse("2018-03-01T11:30:00Z"));
    assertThat(slot.getStatus()).isEqualTo(SlotStatus.FREE);
    assertThat(Fhir.value(slot, SlotMapper.CAPACITY_URL)).as("remainingUses").isEqualTo("1");
    assertThat(Fhir.value(slot, SlotMapper.MAXIMUM_CAPACITY_URL)).as("maximumUses").isEqualTo("1");
    assertThat(Fhir.codes(slot.getServiceType()))
        .containsExactly(
            "https://openactive.io/facility-types|bba8ae59-d152-40bc-85cc-88c5375696d4");
  }

  @Test
  void scheduleSpansItsSlots() {
    OpenActiveItem parent = Examples.first("sessionseries_example_1.json");
    List<Slot> slots = mapper.mapParent(parent).ownSlots();

    Schedule schedule = mapper.mapSchedule(parent, slots);

    String atId = "https://example.com/api/session-series/1402CBP20150217";
    assertThat(schedule.getIdPart()).isEqualTo(ResourceIds.schedule(atId));
    assertThat(schedule.getActive()).isTrue();
    assertThat(schedule.getActor())
        .extracting(r -> r.getReference())
        .containsExactly(
            "HealthcareService/" + ResourceIds.healthcareService(atId),
            "Location/" + mapper.mapParent(parent).location().getIdPart());
    assertThat(Fhir.codes(schedule.getServiceType())).containsExactly(BODYPUMP);
    assertThat(schedule.getPlanningHorizon().getStart().toInstant())
        .isEqualTo(Instant.parse("2018-10-02T19:15:00Z"));
    assertThat(schedule.getPlanningHorizon().getEnd().toInstant())
        .isEqualTo(Instant.parse("2018-10-09T19:45:00Z"));
    assertThat(schedule.getMeta().getSource())
        .isEqualTo("https://www.example.com/api/rpde/sessions");
  }

  @Test
  void scheduleWithoutSlotsHasNoHorizon() {
    Schedule schedule =
        mapper.mapSchedule(Examples.first("sessionseries-split_example_1.json"), List.of());
    assertThat(schedule.hasPlanningHorizon()).isFalse();
    assertThat(schedule.getActor()).hasSize(2);
  }

  @Test
  void scheduleIsAsRecentAsItsNewestSlot() {
    OpenActiveItem parent = Examples.first("sessionseries-split_example_1.json");
    OpenActiveItem later =
        Examples.item(
            "https://f/sessions",
            "2024-05-01T10:00:00Z",
            "{\"@type\":\"ScheduledSession\",\"@id\":\"https://f/s/1\",\"superEvent\":\""
                + SPLIT_SERIES
                + "\","
                + "\"startDate\":\"2024-06-01T10:00:00Z\",\"endDate\":\"2024-06-01T11:00:00Z\"}");
    Schedule schedule = mapper.mapSchedule(parent, List.of(mapper.mapChild(later, parent)));
    assertThat(Fhir.lastUpdated(schedule)).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://schema.org/EventCancelled, 5, busy-unavailable, Cancelled",
    "http://schema.org/EventCancelled, 5, busy-unavailable, Cancelled",
    "schema:EventPostponed, 5, busy-unavailable, Postponed",
    "https://schema.org/EventRescheduled, 5, free, Rescheduled",
    "https://schema.org/EventScheduled, 0, busy, ",
    "https://schema.org/EventScheduled, 3, free, ",
    "https://schema.org/EventScheduled, , free, ",
    ", , free, ",
  })
  void statusFollowsEventStatusAndRemainingPlaces(
      String eventStatus, Integer remaining, String status, String comment) {
    StringBuilder json =
        new StringBuilder(
            "{\"@type\":\"ScheduledSession\",\"@id\":\"https://f/s/1\",\"superEvent\":\""
                + SPLIT_SERIES
                + "\","
                + "\"startDate\":\"2024-06-01T10:00:00Z\",\"endDate\":\"2024-06-01T11:00:00Z\"");
    if (eventStatus != null) {
      json.append(",\"eventStatus\":\"").append(eventStatus).append('"');
    }
    if (remaining != null) {
      json.append(",\"remainingAttendeeCapacity\":").append(remaining);
    }
    Slot slot =
        mapper.mapChild(
            Examples.item("https://f/sessions", "1", json + "}"),
            Examples.first("sessionseries-split_example_1.json"));
    assertThat(slot.getStatus().toCode()).isEqualTo(status);
    assertThat(slot.getComment()).isEqualTo(comment);
    assertThat(FhirValidation.errors(slot)).isEmpty();
  }

  @ParameterizedTest(name = "{0} + {1}")
  @CsvSource({
    "2024-06-01T10:00:00Z, PT45M, 2024-06-01T10:45:00Z",
    "2024-06-01T10:00:00+01:00, PT1H30M, 2024-06-01T10:30:00Z",
    "2024-06-01T10:00:00, PT1H, 2024-06-01T10:00:00Z",
    "2024-01-15T10:00:00, PT1H, 2024-01-15T11:00:00Z",
  })
  void endIsStartPlusDurationWhenEndDateIsMissing(String start, String duration, String end) {
    OpenActiveItem child =
        Examples.item(
            "https://f/sessions",
            "1",
            "{\"@type\":\"ScheduledSession\",\"@id\":\"https://f/s/2\",\"superEvent\":\""
                + SPLIT_SERIES
                + "\",\"startDate\":\""
                + start
                + "\",\"duration\":\""
                + duration
                + "\"}");
    Slot slot = mapper.mapChild(child, Examples.first("sessionseries-split_example_1.json"));
    assertThat(slot.getEnd().toInstant()).isEqualTo(Instant.parse(end));
  }

  @Test
  void endFallsBackToTheParentsDuration() {
    // sessionseries-split declares "duration": "PT30M" for its sessions
    OpenActiveItem child =
        Examples.item(
            "https://f/sessions",
            "1",
            "{\"@type\":\"ScheduledSession\",\"@id\":\"https://f/s/3\",\"superEvent\":\""
                + SPLIT_SERIES
                + "\",\"startDate\":\"2024-06-01T10:00:00Z\"}");
    Slot slot = mapper.mapChild(child, Examples.first("sessionseries-split_example_1.json"));
    assertThat(slot.getEnd().toInstant()).isEqualTo(Instant.parse("2024-06-01T10:30:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"@type\":\"ScheduledSession\",\"@id\":\"x\"} | no usable startDate, or an end before it",
        "{\"@type\":\"ScheduledSession\",\"@id\":\"x\",\"startDate\":\"soon\",\"endDate\":\"2024-06-01T11:00:00Z\"}"
            + " | no usable startDate, or an end before it",
        "{\"@type\":\"ScheduledSession\",\"@id\":\"x\",\"startDate\":\"2024-06-01T12:00:00Z\",\"endDate\":\"2024-06-01T11:00:00Z\"}"
            + " | no usable startDate, or an end before it",
        "{\"@type\":\"SessionSeries\",\"@id\":\"x\"} | not a child type: SessionSeries",
      })
  void unusableChildrenAreRefusedWithAReason(String json, String reason) {
    OpenActiveItem child = Examples.item("https://f/sessions", "1", json);
    OpenActiveItem parent =
        Examples.item("https://f/series", "1", "{\"@type\":\"SessionSeries\",\"@id\":\"p\"}");
    assertThatThrownBy(() -> mapper.mapChild(child, parent))
        .isInstanceOf(UnmappableItemException.class)
        .hasMessage(reason);
  }
}
