package dev.activityfhir.mapping;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Local wall-clock times ("HH:mm" or "HH:mm:ss") as FHIR {@code time} ("HH:mm:ss"). */
final class LocalTimes {

  private static final DateTimeFormatter FHIR_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private LocalTimes() {}

  static Optional<LocalTime> parse(@Nullable String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalTime.parse(text.trim()));
    } catch (DateTimeParseException notATime) {
      return Optional.empty();
    }
  }

  static String fhir(LocalTime time) {
    return time.format(FHIR_TIME);
  }

  /** The end time: {@code endTime}, else start + ISO 8601 duration (wrapping past midnight). */
  static Optional<LocalTime> end(
      @Nullable String endTime, LocalTime start, @Nullable String duration) {
    Optional<LocalTime> end = parse(endTime);
    if (end.isPresent() || duration == null) {
      return end;
    }
    return IsoDurations.parse(duration).map(d -> start.plus(Duration.ofSeconds(d.getSeconds())));
  }
}
