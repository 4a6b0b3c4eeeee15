package dev.activityfhir.server.demo;

import java.util.Locale;

/**
 * How much demo data to generate.
 *
 * @param sessionSeries number of SessionSeries (each runs weekly on one or more days)
 * @param scheduledSessions target number of ScheduledSessions over the next eight weeks; spread as whole
 *     weekdays over the series, so the generated count is the largest multiple of 8 not above this value
 *     (and at least 8 per series)
 * @param facilityUses number of FacilityUse items
 * @param slotsPerFacilityUse number of hourly facility Slots per FacilityUse
 */
public record DemoSize(int sessionSeries, int scheduledSessions, int facilityUses, int slotsPerFacilityUse) {

  /** The default demo: 320 SessionSeries, about 1.5 sessions a week each, 6 bookable facilities. */
  public static final DemoSize DEMO = new DemoSize(320, 3_840, 6, 168);

  /** The benchmark scale: 20,000 SessionSeries and 400,000 ScheduledSessions. */
  public static final DemoSize BENCH = new DemoSize(20_000, 400_000, 200, 168);

  /** Validates the counts. */
  public DemoSize {
    if (sessionSeries < 1 || facilityUses < 1 || slotsPerFacilityUse < 1) {
      throw new IllegalArgumentException("counts must be positive: " + sessionSeries + ", "
          + facilityUses + ", " + slotsPerFacilityUse);
    }
    if (scheduledSessions < 8L * sessionSeries || scheduledSessions > 56L * sessionSeries) {
      throw new IllegalArgumentException(
          "scheduledSessions must lie between 8 and 56 per series: " + scheduledSessions);
    }
  }

  /**
   * Parses a command-line size: {@code demo}, {@code bench}, or a number of SessionSeries (20 sessions each
   * over eight weeks, facilities scaled with it).
   */
  public static DemoSize parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("demo")) {
      return DEMO;
    }
    if (value.equals("bench")) {
      return BENCH;
    }
    int series = Integer.parseInt(value);
    return new DemoSize(series, series * 20, Math.max(1, series / 100), 168);
  }
}
