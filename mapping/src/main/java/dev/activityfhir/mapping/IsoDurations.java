package dev.activityfhir.mapping;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** ISO 8601 durations as published ({@code PT1H}, {@code PT2H40M0S}, {@code P3D}, {@code P1W}). */
final class IsoDurations {

  private IsoDurations() {}

  static Optional<Duration> parse(String text) {
    String value = text.trim().toUpperCase(java.util.Locale.ROOT);
    try {
      return Optional.of(Duration.parse(value));
    } catch (DateTimeParseException notATimeDuration) {
      try {
        // Date-based (P1W, P1M): counted as days of 24 hours, close enough for a slot length.
        Period period = Period.parse(value);
        return Optional.of(Duration.ofDays(period.toTotalMonths() * 30 + period.getDays()));
      } catch (DateTimeParseException notADuration) {
        return Optional.empty();
      }
    }
  }
}
