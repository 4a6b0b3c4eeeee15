package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.HealthcareService.DaysOfWeek;
import org.hl7.fhir.r4.model.HealthcareService.HealthcareServiceAvailableTimeComponent;
import org.hl7.fhir.r4.model.Slot;
import org.jspecify.annotations.Nullable;

/**
 * Weekly times to {@code HealthcareService.availableTime}: {@code eventSchedule} (byDay, startTime,
 * endTime or duration) for events, {@code hoursAvailable} (OpeningHoursSpecification) for
 * facilities. Times stay local wall-clock times as published: FHIR {@code time} has no zone, and
 * OpenActive schedule times are Europe/London local time whether or not {@code scheduleTimezone} is
 * given. An opportunity that publishes neither (a one-off Event, a series with only embedded
 * sessions) gets its weekly times from its own occurrences, so that day and time filters find it.
 */
final class AvailableTimeMapper {

  List<HealthcareServiceAvailableTimeComponent> map(JsonNode data) {
    List<HealthcareServiceAvailableTimeComponent> times = new ArrayList<>();
    for (JsonNode schedule : JsonLd.list(data, "eventSchedule")) {
      fromSchedule(schedule).ifPresent(times::add);
    }
    for (JsonNode hours : JsonLd.list(data, "hoursAvailable")) {
      fromOpeningHours(hours).ifPresent(times::add);
    }
    return times;
  }

  /**
   * Distinct weekday and London local start/end times of the occurrences that fit in one day, in
   * order of first occurrence.
   */
  List<HealthcareServiceAvailableTimeComponent> fromSlots(List<Slot> slots) {
    Set<OccurrenceTimes.WeeklyTime> seen = new LinkedHashSet<>();
    for (Slot slot : slots) {
      OccurrenceTimes.weeklyTime(slot.getStart().toInstant(), slot.getEnd().toInstant())
          .ifPresent(seen::add);
    }
    return components(seen);
  }

  /** The harvested occurrences' weekly times that {@code present} does not already hold. */
  List<HealthcareServiceAvailableTimeComponent> fromHarvested(
      OccurrenceTimes harvested, List<HealthcareServiceAvailableTimeComponent> present) {
    Set<String> held = new HashSet<>();
    present.forEach(time -> held.add(key(time)));
    List<HealthcareServiceAvailableTimeComponent> added = new ArrayList<>();
    for (HealthcareServiceAvailableTimeComponent time : components(harvested.times())) {
      if (held.add(key(time))) {
        added.add(time);
      }
    }
    return added;
  }

  private static List<HealthcareServiceAvailableTimeComponent> components(
      Iterable<OccurrenceTimes.WeeklyTime> times) {
    List<HealthcareServiceAvailableTimeComponent> components = new ArrayList<>();
    for (OccurrenceTimes.WeeklyTime time : times) {
      DaysOfWeek day =
          DaysOfWeek.fromCode(time.day().name().substring(0, 3).toLowerCase(Locale.ROOT));
      components.add(component(EnumSet.of(day), time.start(), time.end()));
    }
    return components;
  }

  private static String key(HealthcareServiceAvailableTimeComponent time) {
    return time.getDaysOfWeek().stream().map(d -> d.getValueAsString()).toList()
        + " "
        + time.getAllDay()
        + " "
        + time.getAvailableStartTime()
        + " "
        + time.getAvailableEndTime();
  }

  private static Optional<HealthcareServiceAvailableTimeComponent> fromSchedule(JsonNode schedule) {
    Set<DaysOfWeek> days = days(JsonLd.list(schedule, "byDay"));
    if (days.isEmpty() && isDaily(JsonLd.text(schedule, "repeatFrequency"))) {
      days =
          EnumSet.of(
              DaysOfWeek.MON,
              DaysOfWeek.TUE,
              DaysOfWeek.WED,
              DaysOfWeek.THU,
              DaysOfWeek.FRI,
              DaysOfWeek.SAT,
              DaysOfWeek.SUN);
    }
    if (days.isEmpty()) {
      // Monthly or by-date schedules have no weekday; an entry without days would read as "every
      // day" to a day-of-week search.
      return Optional.empty();
    }
    Optional<LocalTime> start = LocalTimes.parse(JsonLd.text(schedule, "startTime"));
    if (start.isEmpty()) {
      // Days without times: those weekdays, at times the publisher did not say.
      HealthcareServiceAvailableTimeComponent time = new HealthcareServiceAvailableTimeComponent();
      days.forEach(time::addDaysOfWeek);
      return Optional.of(time.setAllDay(true));
    }
    Optional<LocalTime> end =
        LocalTimes.end(
            JsonLd.text(schedule, "endTime"), start.get(), JsonLd.text(schedule, "duration"));
    return Optional.of(component(days, start.get(), end.orElse(null)));
  }

  private static Optional<HealthcareServiceAvailableTimeComponent> fromOpeningHours(
      JsonNode hours) {
    Set<DaysOfWeek> days = days(JsonLd.list(hours, "dayOfWeek"));
    Optional<LocalTime> opens = LocalTimes.parse(JsonLd.text(hours, "opens"));
    if (days.isEmpty() || opens.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        component(days, opens.get(), LocalTimes.parse(JsonLd.text(hours, "closes")).orElse(null)));
  }

  private static HealthcareServiceAvailableTimeComponent component(
      Set<DaysOfWeek> days, LocalTime start, @Nullable LocalTime end) {
    HealthcareServiceAvailableTimeComponent time = new HealthcareServiceAvailableTimeComponent();
    days.forEach(time::addDaysOfWeek);
    time.setAvailableStartTime(LocalTimes.fhir(start));
    if (end != null) {
      time.setAvailableEndTime(LocalTimes.fhir(end));
    }
    return time;
  }

  private static Set<DaysOfWeek> days(List<JsonNode> values) {
    Set<DaysOfWeek> days = EnumSet.noneOf(DaysOfWeek.class);
    values.forEach(v -> DayOfWeek.parse(v.asText()).ifPresent(days::add));
    return days;
  }

  private static boolean isDaily(@Nullable String frequency) {
    return frequency != null
        && (frequency.equalsIgnoreCase("P1D") || frequency.equalsIgnoreCase("PT24H"));
  }
}
