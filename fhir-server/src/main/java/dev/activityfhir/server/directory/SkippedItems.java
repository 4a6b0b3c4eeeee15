package dev.activityfhir.server.directory;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many items each feed has held back from the directory right now, and why: an item counts while it is
 * held back and stops counting when it is published or removed. Each reason is logged once. Reasons come from
 * mapping messages and types named by feeds, so a feed's distinct reasons are bounded: beyond {@link
 * #MAX_REASONS_PER_FEED} they are counted together as {@link #OTHER}.
 *
 * <p>Changed by the directory under its lock; read by {@code /health} at any time.
 */
final class SkippedItems {

  static final int MAX_REASONS_PER_FEED = 32;
  static final String OTHER = "other reasons";
  private static final int MAX_LOGGED_REASONS = 1_000;
  private static final Logger log = LoggerFactory.getLogger(SkippedItems.class);

  private final Map<String, Map<String, Long>> counts = new ConcurrentHashMap<>();
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  /**
   * Moves one item of {@code feedUrl} from being held back for {@code from} to being held back for {@code
   * to}; null for either means not held back.
   *
   * @return the reason {@code to} is counted under (itself, or {@link #OTHER}): the caller passes it as {@code
   *     from} on the item's next move
   */
  @Nullable String move(String feedUrl, @Nullable String from, @Nullable String to) {
    if (from != null && from.equals(to)) {
      return from;
    }
    Map<String, Long> feed = counts.computeIfAbsent(feedUrl, unused -> new ConcurrentHashMap<>());
    if (from != null) {
      feed.computeIfPresent(from, (reason, count) -> count <= 1 ? null : count - 1);
    }
    if (to == null) {
      return null;
    }
    String counted = feed.containsKey(to) || feed.size() < MAX_REASONS_PER_FEED ? to : OTHER;
    feed.merge(counted, 1L, Long::sum);
    logOnce(feedUrl, to);
    return counted;
  }

  /** Logs {@code reason} the first time it is seen. */
  void logOnce(String feedUrl, String reason) {
    if (logged.size() < MAX_LOGGED_REASONS && logged.add(reason)) {
      log.warn("Holding back an item of {} from the directory: {}", feedUrl, reason);
    }
  }

  /** Items held back per feed (feeds with none left out). */
  Map<String, Long> perFeed() {
    Map<String, Long> totals = new HashMap<>();
    counts.forEach(
        (feed, reasons) -> {
          long total = reasons.values().stream().mapToLong(Long::longValue).sum();
          if (total > 0) {
            totals.put(feed, total);
          }
        });
    return Map.copyOf(totals);
  }

  /** Items held back per reason, for one feed. */
  Map<String, Long> perReason(String feedUrl) {
    Map<String, Long> reasons = counts.get(feedUrl);
    return reasons == null ? Map.of() : Map.copyOf(reasons);
  }
}
