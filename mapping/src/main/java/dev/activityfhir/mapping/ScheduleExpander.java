package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.HealthcareService.DaysOfWeek;
import org.hl7.fhir.r4.model.Slot;
import org.jspecify.annotations.Nullable;

/**
 * Sessions expected from a published {@code eventSchedule}, for publishers that send a
 * SessionSeries with its weekly schedule and no ScheduledSessions: one Slot per occurrence from now
 * to the end of the {@link ScheduleWindow}.
 *
 * <p>Read from each Schedule: {@code byDay} (or {@code repeatFrequency} P1D for every day), {@code
 * repeatFrequency} PnW / P7D / P14D (every n weeks, counted from {@code startDate}), {@code
 * startTime} and {@code endTime} or {@code duration} (else one hour, marked assumed), {@code
 * startDate}/{@code endDate} (inclusive), {@code exceptDate} (matched by local date), {@code
 * scheduleTimezone} (default Europe/London; wall-clock times stay right across daylight-saving
 * changes), and {@code idTemplate}/{@code urlTemplate} ({@code {startDate}}, {@code {endDate}}).
 * Monthly and by-date schedules are not expanded. Generated Slots are tagged {@link #GENERATED_SYSTEM}
 * {@code generated}, say so in {@code comment}, and carry no capacity (unknown).
 */
final class ScheduleExpander {

  /** Tag system marking a Slot's origin; code {@code generated} for one computed from a schedule. */
  static final String GENERATED_SYSTEM = "https://activityfhir.dev/fhir/CodeSystem/slot-origin";

  static final String GENERATED_COMMENT =
      "Expected from the published weekly schedule; not confirmed by the publisher";

  /** Occurrences per series at most, whatever the schedule says (a daily schedule of many times). */
  static final int MAX_OCCURRENCES = 200;

  private static final Pattern WEEKS = Pattern.compile("P\\d{1,2}W");
  private static final Pattern DAYS = Pattern.compile("P\\d{1,3}D");

  private final SlotMapper slots;
  private final ScheduleWindow window;

  ScheduleExpander(SlotMapper slots, ScheduleWindow window) {
    this.slots = slots;
    this.window = window;
  }

  /** The expected occurrences of {@code parent}'s schedules, earliest first per schedule. */
  List<Slot> expand(OpenActiveItem parent, JsonNode view) {
    List<Slot> result = new ArrayList<>();
    if (window.weeks() == 0) {
      return result;
    }
    Instant now = window.clock().instant();
    String parentKey = ResourceIds.itemKey(parent);
    Set<Instant> starts = new HashSet<>();
    for (JsonNode schedule : JsonLd.list(parent.data(), "eventSchedule")) {
      if (!schedule.isObject()) {
        continue;
      }
      for (ZonedDateTime[] occurrence : occurrences(schedule, now)) {
        if (result.size() >= MAX_OCCURRENCES) {
          return result;
        }
        if (!starts.add(occurrence[0].toInstant())) {
          continue; // two schedules naming the same session
        }
        result.add(slot(parent, view, parentKey, schedule, occurrence[0], occurrence[1]));
      }
    }
    return result;
  }

  private Slot slot(
      OpenActiveItem parent,
      JsonNode view,
      String parentKey,
      JsonNode schedule,
      ZonedDateTime start,
      @Nullable ZonedDateTime end) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("@type", "ScheduledSession");
    String startText = start.toOffsetDateTime().toString();
    data.put("startDate", startText);
    if (end != null) {
      data.put("endDate", end.toOffsetDateTime().toString());
    }
    String endText = end == null ? "" : end.toOffsetDateTime().toString();
    String id = template(JsonLd.text(schedule, "idTemplate"), startText, endText);
    if (id != null) {
      data.put("@id", id); // the id the publisher's ScheduledSession would have
    }
    String url = template(JsonLd.text(schedule, "urlTemplate"), startText, endText);
    if (url != null) {
      data.put("url", url);
    }
    OpenActiveItem occurrence =
        new OpenActiveItem(
            parent.feedUrl(),
            parent.rpdeId(),
            parent.modified(),
            data,
            parent.harvestedAt(),
            parent.license());
    String key = id != null ? id : parentKey + "#/eventSchedule/" + start.toInstant();
    Slot slot = slots.map(occurrence, key, parent, view);
    slot.getMeta().addTag(GENERATED_SYSTEM, "generated", "Generated from the schedule");
    slot.setComment(GENERATED_COMMENT);
    return slot;
  }

  /** Start and end (null: end unknown, an hour assumed by the Slot) of each occurrence in the window. */
  private List<ZonedDateTime[]> occurrences(JsonNode schedule, Instant now) {
    List<ZonedDateTime[]> result = new ArrayList<>();
    Optional<LocalTime> startTime = LocalTimes.parse(JsonLd.text(schedule, "startTime"));
    Set<java.time.DayOfWeek> days = days(schedule);
    int everyWeeks = everyWeeks(JsonLd.text(schedule, "repeatFrequency"));
    if (startTime.isEmpty() || days.isEmpty() || everyWeeks == 0) {
      return result;
    }
    ZoneId zone = zone(JsonLd.text(schedule, "scheduleTimezone"));
    Optional<LocalTime> endTime = LocalTimes.parse(JsonLd.text(schedule, "endTime"));
    Optional<Duration> duration =
        Optional.ofNullable(JsonLd.text(schedule, "duration")).flatMap(IsoDurations::parse);
    LocalDate today = now.atZone(zone).toLocalDate();
    LocalDate from = today;
    LocalDate scheduleStart = date(JsonLd.text(schedule, "startDate"), zone);
    if (scheduleStart != null && scheduleStart.isAfter(from)) {
      from = scheduleStart;
    }
    LocalDate until = today.plusWeeks(window.weeks());
    LocalDate scheduleEnd = date(JsonLd.text(schedule, "endDate"), zone);
    if (scheduleEnd != null && scheduleEnd.isBefore(until)) {
      until = scheduleEnd;
    }
    Set<LocalDate> except = new HashSet<>();
    for (JsonNode date : JsonLd.list(schedule, "exceptDate")) {
      exceptDate(date.asText(), zone).ifPresent(except::add);
    }
    LocalDate weekAnchor = scheduleStart != null ? scheduleStart : LocalDate.EPOCH;
    for (LocalDate date = from; !date.isAfter(until); date = date.plusDays(1)) {
      if (!days.contains(date.getDayOfWeek()) || except.contains(date)) {
        continue;
      }
      if (everyWeeks > 1 && weeksBetween(weekAnchor, date) % everyWeeks != 0) {
        continue;
      }
      ZonedDateTime start = ZonedDateTime.of(date, startTime.get(), zone);
      ZonedDateTime end = null;
      if (endTime.isPresent()) {
        LocalDate endDay = endTime.get().isAfter(startTime.get()) ? date : date.plusDays(1);
        end = ZonedDateTime.of(endDay, endTime.get(), zone);
      } else if (duration.isPresent()) {
        end = start.plus(duration.get());
      }
      Instant ends = end != null ? end.toInstant() : start.toInstant().plus(EventTimes.DEFAULT_LENGTH);
      if (ends.isAfter(now)) {
        result.add(new ZonedDateTime[] {start, end});
      }
    }
    return result;
  }

  private static long weeksBetween(LocalDate anchor, LocalDate date) {
    LocalDate anchorMonday = anchor.minusDays(anchor.getDayOfWeek().getValue() - 1L);
    LocalDate monday = date.minusDays(date.getDayOfWeek().getValue() - 1L);
    return Math.abs(ChronoUnit.WEEKS.between(anchorMonday, monday));
  }

  private static Set<java.time.DayOfWeek> days(JsonNode schedule) {
    Set<java.time.DayOfWeek> days = EnumSet.noneOf(java.time.DayOfWeek.class);
    for (JsonNode day : JsonLd.list(schedule, "byDay")) {
      DayOfWeek.parse(day.asText()).ifPresent(d -> days.add(javaDay(d)));
    }
    String frequency = JsonLd.text(schedule, "repeatFrequency");
    if (days.isEmpty()
        && frequency != null
        && (frequency.equalsIgnoreCase("P1D") || frequency.equalsIgnoreCase("PT24H"))) {
      days.addAll(EnumSet.allOf(java.time.DayOfWeek.class));
    }
    return days;
  }

  private static java.time.DayOfWeek javaDay(DaysOfWeek day) {
    return switch (day) {
      case MON -> java.time.DayOfWeek.MONDAY;
      case TUE -> java.time.DayOfWeek.TUESDAY;
      case WED -> java.time.DayOfWeek.WEDNESDAY;
      case THU -> java.time.DayOfWeek.THURSDAY;
      case FRI -> java.time.DayOfWeek.FRIDAY;
      case SAT -> java.time.DayOfWeek.SATURDAY;
      default -> java.time.DayOfWeek.SUNDAY;
    };
  }

  /** Weeks between occurrences: 1 for weekly, daily or unstated; 0 for what is not weekly. */
  private static int everyWeeks(@Nullable String frequency) {
    if (frequency == null) {
      return 1;
    }
    String value = frequency.trim().toUpperCase(Locale.ROOT);
    if (value.equals("P1D") || value.equals("PT24H")) {
      return 1;
    }
    if (WEEKS.matcher(value).matches()) {
      return Integer.parseInt(value.substring(1, value.length() - 1));
    }
    if (DAYS.matcher(value).matches()) {
      int days = Integer.parseInt(value.substring(1, value.length() - 1));
      return days % 7 == 0 ? days / 7 : 0;
    }
    return 0;
  }

  private static ZoneId zone(@Nullable String name) {
    if (name != null) {
      try {
        return ZoneId.of(name.trim());
      } catch (DateTimeException unknownZone) {
        // Publishers' zones are IANA names; anything else is read as London, the OpenActive default.
      }
    }
    return EventTimes.LONDON;
  }

  private static @Nullable LocalDate date(@Nullable String text, ZoneId zone) {
    return text == null ? null : exceptDate(text, zone).orElse(null);
  }

  /** A date, or a date-time read as a local date in the schedule's zone. */
  private static Optional<LocalDate> exceptDate(String text, ZoneId zone) {
    try {
      return Optional.of(LocalDate.parse(text.trim()));
    } catch (DateTimeException notADate) {
      return EventTimes.instant(text, false).map(i -> i.atZone(zone).toLocalDate());
    }
  }

  private static @Nullable String template(@Nullable String template, String start, String end) {
    if (template == null) {
      return null;
    }
    return WebAddress.of(template.replace("{startDate}", start).replace("{endDate}", end));
  }
}
