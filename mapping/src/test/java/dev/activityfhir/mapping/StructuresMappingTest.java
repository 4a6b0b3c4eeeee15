package dev.activityfhir.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.Test;

/**
 * Structures real feeds nest: facility slots inside the item, wrapped data, parents embedded without
 * {@code @id}, EventSeries of SessionSeries, and sessions generated from a weekly schedule.
 */
class StructuresMappingTest {

  /** Friday 20 March 2026, noon UTC: British Summer Time starts on Sunday 29 March. */
  private static final Instant NOW = Instant.parse("2026-03-20T12:00:00Z");

  private final OpenActiveMapper mapper =
      OpenActiveMapper.withBundledVocabularies(
          new ScheduleWindow(Clock.fixed(NOW, ZoneOffset.UTC), 3));

  private static List<String> starts(List<Slot> slots) {
    return slots.stream().map(s -> s.getStart().toInstant().toString()).toList();
  }

  @Test
  void facilitySlotsSentInsideTheFacilityUseAndItsIndividualFacilityUsesBecomeSlots() {
    OpenActiveItem facility = Examples.first("facilityuse_example_1.json");
    ObjectNode data = (ObjectNode) facility.data();
    data.putArray("event")
        .addObject()
        .put("@type", "Slot")
        .put("@id", "https://ex.org/slots/a")
        .put("startDate", "2026-04-01T10:00:00Z")
        .put("duration", "PT30M")
        .put("remainingUses", 2)
        .put("maximumUses", 4);
    ((ObjectNode) data.get("individualFacilityUse").get(0))
        .putArray("event")
        .addObject()
        .put("@type", "Slot")
        .put("startDate", "2026-04-01T11:00:00Z")
        .put("endDate", "2026-04-01T11:30:00Z")
        .put("remainingUses", 0);
    MappedParent mapped = mapper.mapParent(facility);
    assertThat(starts(mapped.ownSlots()))
        .containsExactly("2026-04-01T10:00:00Z", "2026-04-01T11:00:00Z");
    Slot pooled = mapped.ownSlots().get(0);
    assertThat(Fhir.value(pooled, SlotMapper.CAPACITY_URL)).isEqualTo("2");
    assertThat(Fhir.value(pooled, SlotMapper.MAXIMUM_CAPACITY_URL)).isEqualTo("4");
    assertThat(pooled.getStatus().toCode()).isEqualTo("free");
    assertThat(mapped.ownSlots().get(1).getStatus().toCode()).isEqualTo("busy");
    assertThat(mapped.ownSlots().get(1).getSchedule().getReference())
        .isEqualTo("Schedule/" + mapped.service().getIdPart());
    for (Slot slot : mapped.ownSlots()) {
      assertThat(FhirValidation.errors(slot)).isEmpty();
    }
  }

  @Test
  void facilityPricedOnlyOnItsSlotsIsFoundByItsSlotsPrices() {
    // Booking systems often price a FacilityUse slot by slot: a free off-peak slot, a paid peak one.
    OpenActiveItem facility = Examples.first("facilityuse_example_1.json");
    ObjectNode data = (ObjectNode) facility.data();
    data.remove("offers");
    ArrayNode events = data.putArray("event");
    ObjectNode offPeak =
        events.addObject().put("@type", "Slot").put("startDate", "2026-04-01T10:00:00Z");
    offPeak.put("duration", "PT1H").putObject("offers").put("@type", "Offer").put("price", "0.00");
    ObjectNode peak = events.addObject().put("@type", "Slot").put("startDate", "2026-04-01T18:00:00Z");
    peak.put("duration", "PT1H")
        .putArray("offers")
        .addObject()
        .put("@type", "Offer")
        .put("name", "Peak")
        .put("price", 7.5)
        .put("priceCurrency", "GBP");
    ObjectNode again = events.addObject().put("@type", "Slot").put("startDate", "2026-04-02T10:00:00Z");
    again.put("duration", "PT1H").putObject("offers").put("@type", "Offer").put("price", 0);

    MappedParent mapped = mapper.mapParent(facility);
    assertThat(prices(mapped.ownSlots().get(0))).containsExactly("0 GBP");
    assertThat(prices(mapped.ownSlots().get(1))).containsExactly("7.5 GBP");
    // The service takes the slots' distinct prices: price=0 and price=7.5 both find it.
    assertThat(prices(mapped.service())).containsExactly("0 GBP", "7.5 GBP");
    assertThat(mapped.service().getServiceProvisionCodeFirstRep().getCodingFirstRep().getCode())
        .isEqualTo("cost");
    assertThat(FhirValidation.errors(mapped.service())).isEmpty();
    for (Slot slot : mapped.ownSlots()) {
      assertThat(FhirValidation.errors(slot)).isEmpty();
    }
  }

  private static List<String> prices(org.hl7.fhir.r4.model.DomainResource resource) {
    return resource.getExtensionsByUrl(OfferMapper.OFFER_URL).stream()
        .map(o -> (org.hl7.fhir.r4.model.Money) o.getExtensionByUrl("price").getValue())
        .map(m -> m.getValue().stripTrailingZeros().toPlainString() + " " + m.getCurrency())
        .toList();
  }

  @Test
  void dataWrappedInAnExtraLevelMapsAsIfItWereNot() {
    OpenActiveItem plain = MessyData.series("{}");
    ObjectNode wrapper = ((ObjectNode) plain.data()).objectNode();
    wrapper.putObject("data").set("item", plain.data());
    OpenActiveItem wrapped =
        new OpenActiveItem(
            plain.feedUrl(), "42", plain.modified(), wrapper, plain.harvestedAt(), plain.license());
    assertThat(mapper.links(wrapper).atId()).isEqualTo(MessyData.SERIES_ID);
    assertThat(Fhir.json(mapper.mapParent(wrapped).service()))
        .isEqualTo(Fhir.json(mapper.mapParent(plain).service()));
  }

  @Test
  void aParentEmbeddedWithoutIdIsKeyedByWhatDescribesIt() {
    JsonNode series = MessyData.series("{\"@id\":null}").data();
    JsonNode first =
        MessyData.read(
            "{\"@type\":\"ScheduledSession\",\"@id\":\"https://ex.org/s/1\","
                + "\"startDate\":\"2026-04-01T10:00:00Z\",\"endDate\":\"2026-04-01T11:00:00Z\"}");
    ((ObjectNode) first).set("superEvent", series);
    JsonNode second = first.deepCopy();
    ((ObjectNode) second).put("@id", "https://ex.org/s/2");
    ItemLinks links = mapper.links(first);
    assertThat(links.parentAtId()).startsWith("urn:activityfhir:embedded-parent:");
    assertThat(mapper.links(second).parentAtId()).isEqualTo(links.parentAtId());

    JsonNode parentData = mapper.embeddedParentData(links);
    OpenActiveItem parent =
        new OpenActiveItem(
            MessyData.FEED, "1", "1", parentData, Examples.HARVESTED_AT, Examples.CC_BY);
    MappedParent mapped = mapper.mapParent(parent);
    assertThat(mapped.service().getIdentifierFirstRep().getSystem()).isEqualTo("urn:ietf:rfc:3986");
    Slot slot =
        mapper.mapChild(
            new OpenActiveItem(
                MessyData.FEED, "s1", "1", first, Examples.HARVESTED_AT, Examples.CC_BY),
            parent);
    assertThat(slot.getSchedule().getReference())
        .isEqualTo("Schedule/" + mapped.service().getIdPart());
    assertThat(FhirValidation.errors(mapped.service())).isEmpty();
  }

  @Test
  void anIminEventSeriesGroupsItsSessionSeries() {
    JsonNode eventSeries = Examples.read("event-series-get-1.jsonld");
    List<JsonNode> grouped = mapper.groupedParents(eventSeries);
    assertThat(grouped).hasSize(eventSeries.get("subEvent").size());
    OpenActiveItem first =
        new OpenActiveItem(
            "https://search.imin.co/events-api/v2/event-series",
            "1",
            "1",
            grouped.get(0),
            Examples.HARVESTED_AT,
            Examples.CC_BY);
    MappedParent mapped = mapper.mapParent(first);
    assertThat(mapped.service().getName()).isEqualTo("GOLDEN: Virtual BODYPUMP");
    assertThat(mapped.ownSlots()).isNotEmpty();
    assertThat(mapper.groupedParents(MessyData.series("{}").data())).isEmpty();
  }

  private List<Slot> expand(String schedule) {
    OpenActiveItem series = MessyData.series("{\"eventSchedule\":[" + schedule + "]}");
    return mapper.expandSchedule(series);
  }

  @Test
  void weeklyScheduleBecomesSessionsAcrossTheClockChangeWithoutItsExceptions() {
    List<Slot> slots =
        expand(
            "{\"@type\":\"Schedule\",\"repeatFrequency\":\"P1W\",\"byDay\":[\"schema:Wednesday\"],"
                + "\"startTime\":\"18:30\",\"endTime\":\"19:30\",\"scheduleTimezone\":\"Europe/London\","
                + "\"exceptDate\":[\"2026-04-01\"]}");
    assertThat(starts(slots)).containsExactly("2026-03-25T18:30:00Z", "2026-04-08T17:30:00Z");
    assertThat(slots.get(1).getEnd().toInstant()).isEqualTo(Instant.parse("2026-04-08T18:30:00Z"));
    Slot generated = slots.get(0);
    assertThat(generated.getMeta().getTagFirstRep().getSystem())
        .isEqualTo(ScheduleExpander.GENERATED_SYSTEM);
    assertThat(generated.getComment()).isEqualTo(ScheduleExpander.GENERATED_COMMENT);
    assertThat(generated.getExtensionByUrl(SlotMapper.CAPACITY_URL)).isNull();
    assertThat(generated.getStatus().toCode()).isEqualTo("free");
    assertThat(FhirValidation.errors(generated)).isEmpty();
  }

  @Test
  void fortnightlyFromAStartDateWithDurationInAnotherZone() {
    List<Slot> slots =
        expand(
            "{\"@type\":\"Schedule\",\"repeatFrequency\":\"P2W\",\"byDay\":[\"MO\",\"TH\"],"
                + "\"startTime\":\"09:00\",\"duration\":\"PT45M\",\"startDate\":\"2026-03-23\","
                + "\"endDate\":\"2026-04-06\",\"scheduleTimezone\":\"America/New_York\"}");
    // Weeks of 23 March and 6 April; New York is on daylight time (UTC-4) throughout.
    assertThat(starts(slots))
        .containsExactly("2026-03-23T13:00:00Z", "2026-03-26T13:00:00Z", "2026-04-06T13:00:00Z");
    assertThat(slots.get(0).getEnd().toInstant()).isEqualTo(Instant.parse("2026-03-23T13:45:00Z"));
  }

  @Test
  void noSessionsFromSchedulesWithoutTimesOrWeekdaysOrWhenTurnedOff() {
    assertThat(expand("{\"@type\":\"Schedule\",\"byDay\":[\"MO\"]}")).isEmpty();
    assertThat(
            expand(
                "{\"@type\":\"Schedule\",\"repeatFrequency\":\"P1M\",\"byMonthDay\":[1],"
                    + "\"startTime\":\"10:00\"}"))
        .isEmpty();
    OpenActiveMapper off =
        OpenActiveMapper.withBundledVocabularies(
            new ScheduleWindow(Clock.fixed(NOW, ZoneOffset.UTC), 0));
    assertThat(off.expandSchedule(MessyData.series("{}"))).isEmpty();
    // Daily, from now: today's 18:30 has not started yet; three weeks ahead, inclusive.
    assertThat(
            expand(
                "{\"@type\":\"Schedule\",\"repeatFrequency\":\"P1D\",\"startTime\":\"18:30\","
                    + "\"endTime\":\"19:00\"}"))
        .hasSize(22);
  }
}
