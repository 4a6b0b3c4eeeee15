package dev.activityfhir.server.fhir.index;

import java.util.Map;
import java.util.TreeMap;

/**
 * When each batch of changes reached the index, as the content {@code seq} it started after: turns a point in time
 * into "every content version with a greater seq came later", so that {@code _history?_since} follows the index's
 * own clock rather than the publishers' {@code meta.lastUpdated} (a late-harvested item may carry an older one).
 * Bounded: the oldest batches are forgotten, and a time before the oldest remembered one counts from seq 0 (every
 * live resource: more than changed, never less). Not thread-safe (the index guards it).
 */
final class ChangeClock {

  private final int limit;
  /** seq before the batch → when it was applied (never decreasing). */
  private final TreeMap<Long, Long> batches = new TreeMap<>();
  private long lastMillis = Long.MIN_VALUE;

  /** A clock remembering at most {@code limit} batches. */
  ChangeClock(int limit) {
    this.limit = limit;
  }

  /**
   * Notes a batch applied at {@code nowMillis} whose new content versions get seqs above {@code seqBefore}, and
   * answers the time it is recorded at: {@code nowMillis}, or a millisecond after the previous batch's when that
   * is not earlier (two batches never share a time, so "since just after the last batch" misses none).
   */
  long batch(long seqBefore, long nowMillis) {
    lastMillis = lastMillis == Long.MIN_VALUE ? nowMillis : Math.max(lastMillis + 1, nowMillis);
    batches.put(seqBefore, lastMillis);
    if (batches.size() > limit) {
      batches.pollFirstEntry();
    }
    return lastMillis;
  }

  /** The first instant after every batch so far: a {@code _since} that lists exactly the batches to come. */
  long nextMillis() {
    return lastMillis == Long.MIN_VALUE ? 0 : lastMillis + 1;
  }

  /**
   * The seq above which content reached the index at or after {@code millis}: 0 when that may include forgotten
   * batches, {@link Long#MAX_VALUE} when nothing came since.
   */
  long seqThreshold(long millis) {
    long threshold = Long.MAX_VALUE;
    for (Map.Entry<Long, Long> batch : batches.descendingMap().entrySet()) {
      if (batch.getValue() < millis) {
        return threshold;
      }
      threshold = batch.getKey();
    }
    return 0;
  }

  /** When content with this seq reached the index, or {@code fallback} if its batch is forgotten. */
  long millisOf(long seq, long fallback) {
    Map.Entry<Long, Long> batch = batches.floorEntry(seq - 1);
    return batch == null ? fallback : batch.getValue();
  }

}
