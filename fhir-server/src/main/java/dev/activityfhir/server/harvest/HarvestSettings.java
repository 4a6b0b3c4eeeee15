package dev.activityfhir.server.harvest;

import java.time.Duration;

/**
 * Timing of harvesting.
 *
 * @param interval how often a caught-up feed's last page is polled (RPDE asks for at least 8 s)
 * @param minBackoff the wait after a first failure; doubled per further failure
 * @param maxBackoff the longest wait after failures, also the retry period of a feed answering 404 or 410
 */
public record HarvestSettings(Duration interval, Duration minBackoff, Duration maxBackoff) {

  public HarvestSettings {
    if (interval.isNegative() || minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("invalid harvest timing " + interval + ", " + minBackoff + ".." + maxBackoff);
    }
  }

  /**
   * The wait after {@code failures} consecutive failures: bounded exponential, with jitter in [50%, 100%] so
   * that feeds of one failing publisher do not retry in step.
   *
   * @param jitter a number in [0, 1)
   */
  public Duration backoff(int failures, double jitter) {
    long min = Math.max(1, minBackoff.toMillis());
    long max = maxBackoff.toMillis();
    int doublings = Math.min(Math.max(failures - 1, 0), 30);
    long base = Math.min(max, min << doublings);
    return Duration.ofMillis((long) (base * (0.5 + jitter / 2)));
  }
}
