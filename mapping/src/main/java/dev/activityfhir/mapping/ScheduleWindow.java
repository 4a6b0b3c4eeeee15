package dev.activityfhir.mapping;

import java.time.Clock;
import java.util.Objects;

/**
 * How far ahead sessions are generated from a published {@code eventSchedule} when the publisher
 * sends no ScheduledSessions.
 *
 * @param clock today's date and the time now (a fixed clock in tests)
 * @param weeks how many weeks from today; 0 turns generation off
 */
public record ScheduleWindow(Clock clock, int weeks) {

  /** Eight weeks: a link worker's "next sessions" horizon. */
  public static final int DEFAULT_WEEKS = 8;

  /** The most weeks allowed: a year. */
  public static final int MAX_WEEKS = 52;

  public ScheduleWindow {
    Objects.requireNonNull(clock, "clock");
    if (weeks < 0 || weeks > MAX_WEEKS) {
      throw new IllegalArgumentException("weeks must be 0.." + MAX_WEEKS + ", got " + weeks);
    }
  }

  /** The default window on the system clock. */
  public static ScheduleWindow defaults() {
    return new ScheduleWindow(Clock.systemUTC(), DEFAULT_WEEKS);
  }
}
