package dev.activityfhir.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DemoDatasetTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-25T04:30:00Z");
  private static final DemoDataset DEMO = DemoDataset.generate(DemoSize.DEMO, NOW);

  private static List<ObjectNode> live(DemoDataset dataset, DemoFeed feed) {
    return dataset.entries(feed).filter(e -> e.data() != null).map(FeedEntry::data).toList();
  }

  private static String allJson(DemoDataset dataset) throws Exception {
    StringBuilder json = new StringBuilder();
    for (DemoFeed feed : DemoFeed.values()) {
      for (FeedEntry entry : dataset.entries(feed).toList()) {
        json.append(MAPPER.writeValueAsString(entry)).append('\n');
      }
    }
    return json.toString();
  }

  @Test
  void sameSeedAndDayGiveIdenticalJson() throws Exception {
    DemoDataset again = DemoDataset.generate(DemoSize.DEMO, NOW.plus(Duration.ofHours(3)));
    assertThat(allJson(again)).isEqualTo(allJson(DEMO));
  }

  @Test
  void anotherSeedGivesOtherData() throws Exception {
    DemoDataset other = DemoDataset.generate(DemoSize.DEMO, NOW, 7L);
    assertThat(allJson(other)).isNotEqualTo(allJson(DEMO));
  }

  @Test
  void demoHasTheRequiredCounts() {
    assertThat(DEMO.liveCount(DemoFeed.SESSION_SERIES)).isEqualTo(320);
    assertThat(DEMO.liveCount(DemoFeed.SCHEDULED_SESSIONS)).isEqualTo(3_840);
    assertThat(DEMO.liveCount(DemoFeed.FACILITY_USES)).isEqualTo(6);
    assertThat(DEMO.liveCount(DemoFeed.SLOTS)).isEqualTo(6 * 168);
    assertThat(DEMO.count(DemoFeed.SESSION_SERIES)).isEqualTo(323);
    assertThat(DEMO.entries(DemoFeed.SESSION_SERIES).filter(e -> e.state().equals("deleted")).count())
        .isEqualTo(3);
  }

  @Test
  void whatLeftTheWindowOvernightIsPublishedAsDeleted() {
    DemoDataset yesterday = DemoDataset.generate(DemoSize.DEMO, NOW.minus(Duration.ofDays(1)));
    for (DemoFeed feed : List.of(DemoFeed.SCHEDULED_SESSIONS, DemoFeed.SLOTS)) {
      Set<String> before = yesterday.entries(feed).filter(e -> e.data() != null).map(FeedEntry::id)
          .collect(Collectors.toSet());
      Set<String> now = DEMO.entries(feed).filter(e -> e.data() != null).map(FeedEntry::id)
          .collect(Collectors.toSet());
      Set<String> deleted = DEMO.entries(feed).filter(e -> e.data() == null).map(FeedEntry::id)
          .collect(Collectors.toSet());
      Set<String> gone = new HashSet<>(before);
      gone.removeAll(now);
      assertThat(gone).isNotEmpty();
      assertThat(deleted).containsAll(gone).doesNotContainAnyElementsOf(now);
    }
    assertThat(DEMO.count(DemoFeed.SCHEDULED_SESSIONS) - DEMO.liveCount(DemoFeed.SCHEDULED_SESSIONS))
        .isEqualTo(3_840 / 8);
    assertThat(DEMO.count(DemoFeed.SLOTS) - DEMO.liveCount(DemoFeed.SLOTS)).isEqualTo(7 * 6 * 12);
  }

  @Test
  void everySeriesHasWeeklySessionsInTheNextEightWeeks() {
    // The window is the eight whole weeks (Europe/London days) that start tomorrow.
    assertThat(DEMO.firstDate()).isEqualTo(java.time.LocalDate.parse("2026-11-26"));
    Instant end = DEMO.firstDate().plusWeeks(8).atStartOfDay(ZoneId.of("Europe/London")).toInstant();
    List<ObjectNode> sessions = live(DEMO, DemoFeed.SCHEDULED_SESSIONS);
    for (ObjectNode session : sessions) {
      Instant start = OffsetDateTime.parse(session.get("startDate").asText()).toInstant();
      assertThat(start).isAfter(NOW).isBefore(end);
      assertThat(OffsetDateTime.parse(session.get("endDate").asText()).toInstant()).isAfter(start);
    }
    Set<String> series = sessions.stream().map(s -> s.get("superEvent").asText()).collect(Collectors.toSet());
    Set<String> seriesIds = live(DEMO, DemoFeed.SESSION_SERIES).stream().map(s -> s.get("@id").asText())
        .collect(Collectors.toSet());
    assertThat(series).isEqualTo(seriesIds);
    assertThat(sessions).anyMatch(s -> s.get("remainingAttendeeCapacity").asInt() == 0);
    assertThat(sessions).anyMatch(s -> s.get("eventStatus").asText().equals("https://schema.org/EventCancelled"));
  }

  @Test
  void everyLocationIsInGreaterLondonWithAPostcodeOfItsDistrict() {
    Pattern postcode = Pattern.compile("[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][ABDEFGHJLNPQRSTUWXYZ]{2}");
    Set<String> districts = new HashSet<>();
    for (DemoFeed feed : List.of(DemoFeed.SESSION_SERIES, DemoFeed.FACILITY_USES)) {
      for (ObjectNode item : live(DEMO, feed)) {
        JsonNode place = item.get("location");
        double latitude = place.at("/geo/latitude").asDouble();
        double longitude = place.at("/geo/longitude").asDouble();
        assertThat(LondonDistricts.inside(latitude, longitude)).as(place.toString()).isTrue();
        String code = place.at("/address/postalCode").asText();
        assertThat(code).matches(postcode);
        assertThat(place.at("/address/addressLocality").asText()).isEqualTo("London");
        assertThat(place.at("/address/addressCountry").asText()).isEqualTo("GB");
        districts.add(code.substring(0, code.indexOf(' ')));
      }
    }
    assertThat(districts).hasSizeGreaterThan(250);
  }

  @Test
  void venuesLieWithin300MetresOfTheirDistrictCentroid() {
    var centroids = LondonDistricts.load().stream()
        .collect(Collectors.toMap(District::outcode, d -> d));
    for (ObjectNode item : live(DEMO, DemoFeed.SESSION_SERIES)) {
      JsonNode place = item.get("location");
      String code = place.at("/address/postalCode").asText();
      District district = centroids.get(code.substring(0, code.indexOf(' ')));
      double north = (place.at("/geo/latitude").asDouble() - district.latitude()) * 111_320;
      double east = (place.at("/geo/longitude").asDouble() - district.longitude()) * 111_320
          * Math.cos(Math.toRadians(district.latitude()));
      assertThat(Math.hypot(north, east)).isLessThanOrEqualTo(300);
    }
  }

  @Test
  void seriesAreVariedAndUseRealConcepts() {
    List<ObjectNode> series = live(DEMO, DemoFeed.SESSION_SERIES);
    assertThat(series).allMatch(s -> s.get("name").asText().startsWith("[Demo] "));
    assertThat(series).allMatch(s -> s.at("/activity/0/@id").asText()
        .startsWith("https://openactive.io/activity-list#"));
    assertThat(series.stream().map(s -> s.at("/activity/0/prefLabel").asText()).distinct().count())
        .isGreaterThanOrEqualTo(15);
    assertThat(series).anyMatch(s -> !s.has("ageRange"));
    assertThat(series).anyMatch(s -> s.at("/ageRange/maxValue").asInt() == 11);
    assertThat(series).anyMatch(s -> s.path("genderRestriction").asText().endsWith("FemaleOnly"));
    assertThat(series).anyMatch(s -> s.path("genderRestriction").asText().endsWith("MaleOnly"));
    assertThat(series).anyMatch(s -> s.path("isAccessibleForFree").asBoolean());
    assertThat(series).anyMatch(s -> s.at("/offers/0/price").decimalValue().signum() > 0);
    assertThat(series).anyMatch(s -> s.at("/offers/2/ageRestriction/maxValue").asInt() == 17);
    assertThat(series).anyMatch(s -> s.at("/accessibilitySupport/0/@id").asText()
        .startsWith("https://openactive.io/accessibility-support#"));
    assertThat(series).allMatch(s -> s.at("/eventSchedule/0/repeatFrequency").asText().equals("P1W")
        && s.at("/eventSchedule/0/scheduleTimezone").asText().equals("Europe/London"));
  }

  @Test
  void sessionTimesCarryTheLondonOffsetOnBothSidesOfTheClockChange() {
    // The window from 20 March 2026 crosses the start of British Summer Time on 29 March.
    DemoDataset spring = DemoDataset.generate(DemoSize.DEMO, Instant.parse("2026-03-20T12:00:00Z"));
    ObjectNode series = spring.entry(DemoFeed.SESSION_SERIES, 0).data();
    LocalTime scheduled = LocalTime.parse(series.at("/eventSchedule/0/startTime").asText());
    Set<String> offsets = new HashSet<>();
    for (ObjectNode session : live(spring, DemoFeed.SCHEDULED_SESSIONS)) {
      if (!session.get("superEvent").asText().equals(series.get("@id").asText())) {
        continue;
      }
      String start = session.get("startDate").asText();
      OffsetDateTime time = OffsetDateTime.parse(start);
      assertThat(time.atZoneSameInstant(ZoneId.of("Europe/London")).toLocalTime()).isEqualTo(scheduled);
      offsets.add(time.getOffset().getId());
    }
    assertThat(offsets).containsExactlyInAnyOrder("Z", "+01:00");
  }

  @ParameterizedTest
  @EnumSource(DemoFeed.class)
  void indexAfterFindsTheNextEntryForEveryPosition(DemoFeed feed) {
    int count = DEMO.count(feed);
    assertThat(DEMO.indexAfter(feed, Long.MIN_VALUE, "")).isZero();
    for (int i = 0; i < count; i++) {
      FeedEntry entry = DEMO.entry(feed, i);
      assertThat(DEMO.indexAfter(feed, entry.modified(), entry.id())).isEqualTo(i + 1);
      if (i > 0) {
        FeedEntry previous = DEMO.entry(feed, i - 1);
        assertThat(entry.modified()).isGreaterThanOrEqualTo(previous.modified());
        if (entry.modified() == previous.modified()) {
          assertThat(entry.id()).isGreaterThan(previous.id());
        }
      }
    }
  }

  @Test
  void benchScaleIsGeneratedLazilyByIndex() {
    DemoDataset bench = DemoDataset.generate(DemoSize.BENCH, NOW);
    assertThat(bench.liveCount(DemoFeed.SESSION_SERIES)).isEqualTo(20_000);
    assertThat(bench.liveCount(DemoFeed.SCHEDULED_SESSIONS)).isEqualTo(400_000);
    FeedEntry last = bench.entry(DemoFeed.SCHEDULED_SESSIONS, 399_999);
    assertThat(last.id()).startsWith("019999-");
    assertThat(last.data().get("superEvent").asText())
        .isEqualTo(DemoDataset.DEFAULT_ID_BASE + "session-series/019999");
    assertThat(bench.indexAfter(DemoFeed.SCHEDULED_SESSIONS, last.modified(), last.id())).isEqualTo(400_000);
    FeedEntry middle = bench.entry(DemoFeed.SESSION_SERIES, 12_345);
    assertThat(middle.data().get("identifier").asText()).isEqualTo("012345");
  }
}
