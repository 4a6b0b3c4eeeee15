package dev.activityfhir.server.referral;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * The milliseconds a FHIR date or dateTime covers at its precision, both ends inclusive: {@code 2026-03} is the whole
 * of March. Dates without a time are taken in UTC.
 */
public record DateRange(long low, long high) {

  /** The range of a FHIR date/dateTime/instant text, or null when it is not one. */
  public static @Nullable DateRange parse(String text) {
    try {
      switch (text.length()) {
        case 4 -> {
          Year year = Year.parse(text);
          return between(year.atDay(1), year.plusYears(1).atDay(1));
        }
        case 7 -> {
          YearMonth month = YearMonth.parse(text);
          return between(month.atDay(1), month.plusMonths(1).atDay(1));
        }
        case 10 -> {
          LocalDate day = LocalDate.parse(text);
          return between(day, day.plusDays(1));
        }
        default -> {
          OffsetDateTime time = OffsetDateTime.parse(text);
          Instant start = time.toInstant();
          boolean hasFraction = text.indexOf('.') > 0;
          // A dateTime to the second covers that second; one with a fraction covers that millisecond.
          Instant end = hasFraction ? start.plusMillis(1) : start.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
          return new DateRange(start.toEpochMilli(), end.toEpochMilli() - 1);
        }
      }
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A single instant. */
  public static DateRange at(Instant instant) {
    return new DateRange(instant.toEpochMilli(), instant.toEpochMilli());
  }

  private static DateRange between(LocalDate first, LocalDate next) {
    long low = first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long high = next.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1;
    return new DateRange(low, high);
  }
}
