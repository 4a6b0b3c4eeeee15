package dev.activityfhir.server.fhir.search;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A FHIR date search value with its prefix, as the half-open interval its precision implies: {@code 2025-03}
 * means from the start of March up to (not including) the start of April. Values without a time zone are read in
 * Europe/London, the sessions' local time.
 *
 * <p>Matching a point in time {@code t} (a Slot's start) follows FHIR R4: {@code eq} t in the interval; {@code ne}
 * not in it; {@code lt}/{@code eb} before its start; {@code gt}/{@code sa} at or after its end; {@code le} before
 * its end; {@code ge} at or after its start; {@code ap} within the interval widened on both sides by 10% of the
 * time between now and the value (at least one hour).
 *
 * @param prefix the comparison
 * @param lower the start of the value's interval (inclusive)
 * @param upper the end of the value's interval (exclusive)
 */
public record DateCriterion(Prefix prefix, Instant lower, Instant upper) {

  /** Local time of the published sessions, used for dates given without a zone. */
  public static final ZoneId LOCAL_ZONE = ZoneId.of("Europe/London");

  private static final Pattern VALUE =
      Pattern.compile("^(eq|ne|lt|gt|le|ge|sa|eb|ap)?(\\d{4}(?:-\\d{2}(?:-\\d{2}(?:T.*)?)?)?)$");

  /** FHIR date prefixes. */
  public enum Prefix {
    EQ,
    NE,
    LT,
    GT,
    LE,
    GE,
    SA,
    EB,
    AP
  }

  /**
   * Parses {@code [prefix]value}.
   *
   * @throws IllegalArgumentException when the value is not a FHIR date, dateTime or instant
   */
  public static DateCriterion parse(String text) {
    Matcher m = VALUE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a FHIR date: " + text);
    }
    Prefix prefix = m.group(1) == null ? Prefix.EQ : Prefix.valueOf(m.group(1).toUpperCase(Locale.ROOT));
    String value = m.group(2);
    try {
      Instant lower;
      Instant upper;
      if (value.length() == 4) {
        LocalDate start = LocalDate.of(Integer.parseInt(value), 1, 1);
        lower = start.atStartOfDay(LOCAL_ZONE).toInstant();
        upper = start.plusYears(1).atStartOfDay(LOCAL_ZONE).toInstant();
      } else if (value.length() == 7) {
        YearMonth month = YearMonth.parse(value);
        lower = month.atDay(1).atStartOfDay(LOCAL_ZONE).toInstant();
        upper = month.plusMonths(1).atDay(1).atStartOfDay(LOCAL_ZONE).toInstant();
      } else if (value.length() == 10) {
        LocalDate day = LocalDate.parse(value);
        lower = day.atStartOfDay(LOCAL_ZONE).toInstant();
        upper = day.plusDays(1).atStartOfDay(LOCAL_ZONE).toInstant();
      } else {
        lower = dateTime(value);
        upper = lower.plus(precisionOf(value));
      }
      return new DateCriterion(prefix, lower, upper);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a FHIR date: " + text, e);
    }
  }

  /** Whether the point in time {@code epochMillis} satisfies this criterion, measured now at {@code now}. */
  public boolean test(long epochMillis, Instant now) {
    long lo = lower.toEpochMilli();
    long hi = upper.toEpochMilli();
    return switch (prefix) {
      case EQ -> epochMillis >= lo && epochMillis < hi;
      case NE -> epochMillis < lo || epochMillis >= hi;
      case LT, EB -> epochMillis < lo;
      case GT, SA -> epochMillis >= hi;
      case LE -> epochMillis < hi;
      case GE -> epochMillis >= lo;
      case AP -> {
        long gap = Math.abs(lo - now.toEpochMilli()) / 10;
        long margin = Math.max(gap, Duration.ofHours(1).toMillis());
        yield epochMillis >= lo - margin && epochMillis < hi + margin;
      }
    };
  }

  private static Instant dateTime(String value) {
    if (value.endsWith("Z") || value.matches(".*[+-]\\d{2}:\\d{2}$")) {
      return OffsetDateTime.parse(value).toInstant();
    }
    return LocalDateTime.parse(value).atZone(LOCAL_ZONE).toInstant();
  }


  private static Duration precisionOf(String value) {
    String time = value.substring(11).replaceAll("(Z|[+-]\\d{2}:\\d{2})$", "");
    if (time.length() <= 5) {
      return Duration.ofMinutes(1);
    }
    int dot = time.indexOf('.');
    if (dot < 0) {
      return Duration.ofSeconds(1);
    }
    int digits = time.length() - dot - 1;
    return Duration.ofNanos((long) Math.pow(10, 9 - Math.min(9, digits)));
  }
}
