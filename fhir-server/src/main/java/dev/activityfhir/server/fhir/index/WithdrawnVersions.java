package dev.activityfhir.server.fhir.index;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last version of each withdrawn resource, so that a read can answer 410 Gone and a resource that comes back
 * continues its version ids. Bounded: only the most recently withdrawn are kept, because Slots end and are
 * withdrawn all the time and the set would otherwise grow forever. Not thread-safe (the index guards it).
 */
final class WithdrawnVersions {

  private final Map<String, Withdrawal> versions;
  /** When the most recently forgotten resource was withdrawn: withdrawals from before then are incomplete. */
  private long forgottenUpToMillis = Long.MIN_VALUE;

  /** An empty set keeping at most {@code limit} resources, forgetting the longest-withdrawn first. */
  WithdrawnVersions(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    // Insertion order is withdrawal order: a live resource is never in the set, so each put adds a new key.
    this.versions =
        new LinkedHashMap<>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Withdrawal> eldest) {
            if (size() > limit) {
              forgottenUpToMillis = Math.max(forgottenUpToMillis, eldest.getValue().atMillis());
              return true;
            }
            return false;
          }
        };
  }

  /** Remembers that {@code reference} ({@code Type/id}) was withdrawn at {@code version}, at {@code atMillis}. */
  void add(String reference, int version, long atMillis) {
    versions.put(reference, new Withdrawal(reference, version, atMillis));
  }

  /** Forgets a resource that is published again, returning its last version, or 0 when it is not remembered. */
  int remove(String reference) {
    Withdrawal withdrawal = versions.remove(reference);
    return withdrawal == null ? 0 : withdrawal.version();
  }

  boolean contains(String reference) {
    return versions.containsKey(reference);
  }

  boolean isEmpty() {
    return versions.isEmpty();
  }

  /** A copy of the remembered versions by {@code Type/id}, the longest-withdrawn first. */
  Map<String, Integer> copy() {
    Map<String, Integer> copy = new LinkedHashMap<>();
    versions.forEach((reference, withdrawal) -> copy.put(reference, withdrawal.version()));
    return Collections.unmodifiableMap(copy);
  }

  /** The remembered withdrawals of a type at or after {@code sinceMillis}, the most recent first. */
  List<Withdrawal> since(String type, long sinceMillis) {
    String prefix = type + "/";
    List<Withdrawal> found = new ArrayList<>();
    for (Withdrawal withdrawal : versions.values()) {
      if (withdrawal.atMillis() >= sinceMillis && withdrawal.reference().startsWith(prefix)) {
        found.add(withdrawal);
      }
    }
    Collections.reverse(found);
    return found;
  }

  /** When the most recently forgotten withdrawal happened, or {@link Long#MIN_VALUE} if none was forgotten. */
  long forgottenUpToMillis() {
    return forgottenUpToMillis;
  }

  /**
   * A withdrawal.
   *
   * @param reference {@code Type/id}
   * @param version the last version published
   * @param atMillis when the index learnt of it (for a snapshot's withdrawals: when the snapshot was restored)
   */
  record Withdrawal(String reference, int version, long atMillis) {}
}
