package dev.activityfhir.mapping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * When an item last changed: {@code data.dateModified}; else the RPDE {@code modified} when it is
 * an ISO timestamp or epoch seconds/milliseconds between 2000 and 2100 (many feeds use change
 * numbers or rowversions up to 2^60, which are not times); else the harvest time.
 */
final class LastUpdated {

  private static final long FROM_SECONDS = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
  private static final long UNTIL_SECONDS = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();

  Instant of(OpenActiveItem item) {
    return timestamp(JsonLd.text(item.data(), "dateModified"))
        .or(() -> timestamp(item.modified()))
        .or(() -> epoch(item.modified()))
        .orElse(item.harvestedAt());
  }

  private static Optional<Instant> timestamp(@Nullable String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text.trim()).toInstant());
    } catch (DateTimeParseException notIso) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> epoch(String modified) {
    long value;
    try {
      value = Long.parseLong(modified.trim());
    } catch (NumberFormatException notALong) {
      return Optional.empty();
    }
    if (value >= FROM_SECONDS && value < UNTIL_SECONDS) {
      return Optional.of(Instant.ofEpochSecond(value));
    }
    if (value / 1000 >= FROM_SECONDS && value / 1000 < UNTIL_SECONDS) {
      return Optional.of(Instant.ofEpochMilli(value));
    }
    return Optional.empty();
  }
}
