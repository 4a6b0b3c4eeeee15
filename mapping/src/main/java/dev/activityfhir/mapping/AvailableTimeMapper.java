package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.HealthcareService.DaysOfWeek;
import org.hl7.fhir.r4.model.HealthcareService.HealthcareServiceAvailableTimeComponent;
import org.jspecify.annotations.Nullable;

/**
 * Weekly times to {@code HealthcareService.availableTime}: {@code eventSchedule} (byDay, startTime,
 * endTime or duration) for events, {@code hoursAvailable} (OpeningHoursSpecification) for
 * facilities. Times stay local wall-clock times as published: FHIR {@code time} has no zone, and
 * OpenActive schedule times are Europe/London local time whether or not {@code scheduleTimezone} is
 * given.
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

  private static Optional<HealthcareServiceAvailableTimeComponent> fromSchedule(JsonNode schedule) {
    Optional<LocalTime> start = LocalTimes.parse(JsonLd.text(schedule, "startTime"));
    if (start.isEmpty()) {
      return Optional.empty();
    }
    Set<DaysOfWeek> days = days(JsonLd.list(schedule, "byDay"));
    if (days.isEmpty() && isDaily(JsonLd.text(schedule, "repeatFrequency"))) {
      days = EnumSet.of(DaysOfWeek.MON, DaysOfWeek.TUE, DaysOfWeek.WED, DaysOfWeek.THU,
          DaysOfWeek.FRI, DaysOfWeek.SAT, DaysOfWeek.SUN);
    }
    Optional<LocalTime> end =
        LocalTimes.end(
            JsonLd.text(schedule, "endTime"), start.get(), JsonLd.text(schedule, "duration"));
    return Optional.of(component(days, start.get(), end.orElse(null)));
  }

  private static Optional<HealthcareServiceAvailableTimeComponent> fromOpeningHours(JsonNode hours) {
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
