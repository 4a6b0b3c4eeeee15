package dev.activityfhir.server.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Values kept in memory under random, unguessable keys (256 bits) for a short time: pending sign-ins and
 * authorization codes. {@link #take} removes what it returns, so each key is good once; an expired value is never
 * returned. Memory is bounded: past {@code capacity} the oldest expired entries are swept, then new ones refused.
 *
 * @param <T> what is kept
 */
final class OneTimeStore<T> {

  private static final SecureRandom RANDOM = new SecureRandom();

  private record Entry<T>(T value, Instant expires) {}

  private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();
  private final Duration lifetime;
  private final int capacity;
  private final Clock clock;

  OneTimeStore(Duration lifetime, int capacity, Clock clock) {
    this.lifetime = lifetime;
    this.capacity = capacity;
    this.clock = clock;
  }

  /** Keeps {@code value} and returns its new key; empty when the store is full of live entries. */
  Optional<String> put(T value) {
    if (entries.size() >= capacity) {
      sweep();
      if (entries.size() >= capacity) {
        return Optional.empty();
      }
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    entries.put(key, new Entry<>(value, clock.instant().plus(lifetime)));
    return Optional.of(key);
  }

  /** The value under {@code key}, removed; empty if unknown, already taken or expired. */
  Optional<T> take(String key) {
    Entry<T> entry = entries.remove(key);
    return entry == null || isExpired(entry) ? Optional.empty() : Optional.of(entry.value());
  }

  /** The value under {@code key}, left in place; empty if unknown or expired. */
  Optional<T> peek(String key) {
    Entry<T> entry = entries.get(key);
    return entry == null || isExpired(entry) ? Optional.empty() : Optional.of(entry.value());
  }

  /** Replaces the value under a live {@code key}, keeping its expiry. */
  void replace(String key, T value) {
    entries.computeIfPresent(key, (k, old) -> new Entry<>(value, old.expires()));
  }

  private boolean isExpired(Entry<T> entry) {
    return !clock.instant().isBefore(entry.expires());
  }

  private void sweep() {
    for (Iterator<Entry<T>> it = entries.values().iterator(); it.hasNext(); ) {
      if (isExpired(it.next())) {
        it.remove();
      }
    }
  }
}
