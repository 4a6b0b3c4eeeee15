package dev.activityfhir.server.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the {@code jti} of every client assertion until it expires, so that each is accepted once. Held in
 * memory: an assertion lasts at most five minutes, so only a restart within that time forgets one.
 */
final class AssertionReplayGuard {

  /** Beyond this many remembered assertions, new ones are refused until old ones expire (a flood guard). */
  private static final int CAPACITY = 200_000;

  private final Map<String, Instant> seen = new ConcurrentHashMap<>();
  private final Clock clock;

  AssertionReplayGuard(Clock clock) {
    this.clock = clock;
  }

  /**
   * @return true the first time {@code jti} is presented by {@code clientId}, false after (or when full)
   */
  boolean firstUse(String clientId, String jti, Instant expiry) {
    if (seen.size() >= CAPACITY) {
      Instant now = clock.instant().minus(TokenClaimsRules.CLOCK_SKEW);
      seen.values().removeIf(until -> until.isBefore(now));
      if (seen.size() >= CAPACITY) {
        return false;
      }
    }
    return seen.putIfAbsent(clientId + ' ' + jti, expiry) == null;
  }
}
