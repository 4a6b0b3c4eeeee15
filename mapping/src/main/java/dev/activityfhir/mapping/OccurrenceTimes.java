package dev.activityfhir.mapping;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The weekly times a parent's harvested occurrences show (ScheduledSessions or facility Slots from
 * a feed of their own): each weekday with its Europe/London local start and end. {@link
 * OpenActiveMapper#mapParent(OpenActiveItem, OccurrenceTimes)} adds them to {@code
 * HealthcareService.availableTime} the way it adds the parent's embedded occurrences, so that
 * {@code day-of-week} and time-of-day searches find a series whose days are published only in its
 * sessions.
 *
 * <p>A value: equal occurrences give equal times, whatever their order, so a caller can tell
 * whether the service must be mapped again. Occurrences longer than a day (courses) have no weekly
 * time. Beyond {@link #MAX_TIMES} distinct times (facility slots every half hour) each weekday
 * becomes one span from its earliest start to its latest end.
 *
 * @param times sorted by weekday, then start, then end
 */
public record OccurrenceTimes(List<WeeklyTime> times) {

  /** No harvested occurrences. */
  public static final OccurrenceTimes NONE = new OccurrenceTimes(List.of());

  /** Distinct weekly times kept before each weekday collapses to one span. */
  public static final int MAX_TIMES = 28;

  private static final Comparator<WeeklyTime> ORDER =
      Comparator.comparing(WeeklyTime::day)
          .thenComparing(WeeklyTime::start)
          .thenComparing(WeeklyTime::end);

  public OccurrenceTimes {
    times = List.copyOf(times);
  }

  /**
   * One weekday and local times.
   *
   * @param end the local end time; {@link LocalTime#MIDNIGHT} when the occurrence ends at midnight
   */
  public record WeeklyTime(DayOfWeek day, LocalTime start, LocalTime end) {}

  /** Collects occurrences by their instants. Not thread-safe. */
  public static final class Builder {
    private final TreeSet<WeeklyTime> times = new TreeSet<>(ORDER);

    /**
     * Adds one occurrence; ignored when it is longer than a day or spans midnight.
     *
     * @param startMillis start instant, epoch milliseconds
     * @param endMillis end instant, epoch milliseconds
     */
    public Builder add(long startMillis, long endMillis) {
      weeklyTime(Instant.ofEpochMilli(startMillis), Instant.ofEpochMilli(endMillis))
          .ifPresent(times::add);
      return this;
    }

    public OccurrenceTimes build() {
      if (times.isEmpty()) {
        return NONE;
      }
      if (times.size() <= MAX_TIMES) {
        return new OccurrenceTimes(new ArrayList<>(times));
      }
      Map<DayOfWeek, WeeklyTime> spans = new EnumMap<>(DayOfWeek.class);
      for (WeeklyTime time : times) {
        spans.merge(
            time.day(),
            time,
            (a, b) ->
                new WeeklyTime(
                    a.day(),
                    a.start().isBefore(b.start()) ? a.start() : b.start(),
                    laterEnd(a.end(), b.end())));
      }
      return new OccurrenceTimes(new ArrayList<>(spans.values()));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The weekly time of one occurrence, when it fits in one London day. */
  static Optional<WeeklyTime> weeklyTime(Instant startInstant, Instant endInstant) {
    ZonedDateTime start = startInstant.atZone(EventTimes.LONDON);
    ZonedDateTime end = endInstant.atZone(EventTimes.LONDON);
    if (!start.toLocalDate().equals(end.toLocalDate())
        && !end.toLocalTime().equals(LocalTime.MIDNIGHT)) {
      return Optional.empty(); // multi-day courses have no weekly time
    }
    if (Duration.between(start, end).compareTo(Duration.ofDays(1)) >= 0 || end.isBefore(start)) {
      return Optional.empty();
    }
    return Optional.of(
        new WeeklyTime(start.getDayOfWeek(), start.toLocalTime(), end.toLocalTime()));
  }

  /** Midnight as an end is the end of the day: later than any other time. */
  private static LocalTime laterEnd(LocalTime a, LocalTime b) {
    if (a.equals(LocalTime.MIDNIGHT) || b.equals(LocalTime.MIDNIGHT)) {
      return LocalTime.MIDNIGHT;
    }
    return a.isAfter(b) ? a : b;
  }
}
