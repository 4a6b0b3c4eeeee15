package dev.activityfhir.mapping;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.HealthcareService.DaysOfWeek;

/**
 * Reads a day of the week as published: schema.org URIs over https or http ({@code
 * https://schema.org/Monday}), CURIEs ({@code schema:Monday}), bare names, or iCal BYDAY codes
 * ({@code MO}). {@code PublicHolidays} and anything else is not a weekday.
 */
final class DayOfWeek {

  private static final Map<String, DaysOfWeek> DAYS =
      Map.ofEntries(
          Map.entry("monday", DaysOfWeek.MON),
          Map.entry("mo", DaysOfWeek.MON),
          Map.entry("tuesday", DaysOfWeek.TUE),
          Map.entry("tu", DaysOfWeek.TUE),
          Map.entry("wednesday", DaysOfWeek.WED),
          Map.entry("we", DaysOfWeek.WED),
          Map.entry("thursday", DaysOfWeek.THU),
          Map.entry("th", DaysOfWeek.THU),
          Map.entry("friday", DaysOfWeek.FRI),
          Map.entry("fr", DaysOfWeek.FRI),
          Map.entry("saturday", DaysOfWeek.SAT),
          Map.entry("sa", DaysOfWeek.SAT),
          Map.entry("sunday", DaysOfWeek.SUN),
          Map.entry("su", DaysOfWeek.SUN));

  private DayOfWeek() {}

  static Optional<DaysOfWeek> parse(String value) {
    return Optional.ofNullable(DAYS.get(JsonLd.localName(value).toLowerCase(Locale.ROOT)));
  }
}
