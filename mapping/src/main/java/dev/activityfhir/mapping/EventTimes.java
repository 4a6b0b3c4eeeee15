package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * When an occurrence starts and ends. {@code startDate}/{@code endDate} carry a zone designator in
 * RPDE data; when a publisher omits it the time is read as Europe/London local time, and a bare
 * date as that whole day. The end is {@code endDate}, else start + {@code duration}, else start +
 * the parent's {@code duration}; an occurrence published with a start only ends {@link
 * #DEFAULT_LENGTH} later (a bare start date: at the end of that day), and says so ({@code
 * endAssumed}).
 */
record EventTimes(Instant start, Instant end, boolean endAssumed) {

  static final ZoneId LONDON = ZoneId.of("Europe/London");

  /** The length assumed for an occurrence published with a start only: a typical session. */
  static final Duration DEFAULT_LENGTH = Duration.ofHours(1);

  /** The occurrence's times; empty when it has no usable start, or an end before its start. */
  static Optional<EventTimes> of(JsonNode occurrence, @Nullable JsonNode parent) {
    Optional<Instant> start = instant(JsonLd.text(occurrence, "startDate"), false);
    if (start.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> end = instant(JsonLd.text(occurrence, "endDate"), true);
    if (end.isEmpty()) {
      String duration = JsonLd.text(occurrence, "duration");
      if (duration == null) {
        duration = JsonLd.text(parent, "duration");
      }
      end =
          duration == null ? Optional.empty() : IsoDurations.parse(duration).map(start.get()::plus);
    }
    if (end.isEmpty() && JsonLd.text(occurrence, "endDate") == null) {
      String startText = JsonLd.text(occurrence, "startDate");
      Instant assumedEnd =
          startText != null && startText.length() == 10
              ? instant(startText, true).orElse(start.get())
              : start.get().plus(DEFAULT_LENGTH);
      return Optional.of(new EventTimes(start.get(), assumedEnd, true));
    }
    return end.filter(e -> !e.isBefore(start.get()))
        .map(e -> new EventTimes(start.get(), e, false));
  }

  /**
   * An ISO 8601 date-time with offset; else a local date-time in London; else a date (its start, or
   * for an end date the start of the next day, as OpenActive end dates are inclusive).
   */
  static Optional<Instant> instant(@Nullable String text, boolean endOfDay) {
    if (text == null) {
      return Optional.empty();
    }
    String value = text.trim();
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException notOffset) {
      // fall through to the zone-less forms
    }
    try {
      return Optional.of(LocalDateTime.parse(value).atZone(LONDON).toInstant());
    } catch (DateTimeParseException notLocal) {
      // fall through to a bare date
    }
    try {
      LocalDate date = LocalDate.parse(value);
      return Optional.of((endOfDay ? date.plusDays(1) : date).atStartOfDay(LONDON).toInstant());
    } catch (DateTimeParseException notADate) {
      return Optional.empty();
    }
  }
}
