package dev.activityfhir.server.fhir.index;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last version of each withdrawn resource, so that a read can answer 410 Gone and a resource that comes back
 * continues its version ids. Bounded: only the most recently withdrawn are kept, because Slots end and are
 * withdrawn all the time and the set would otherwise grow forever. Not thread-safe (the index guards it).
 */
final class WithdrawnVersions {

  private final Map<String, Integer> versions;

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
          protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > limit;
          }
        };
  }

  /** Remembers that {@code reference} ({@code Type/id}) was withdrawn at {@code version}. */
  void add(String reference, int version) {
    versions.put(reference, version);
  }

  /** Forgets a resource that is published again, returning its last version, or 0 when it is not remembered. */
  int remove(String reference) {
    Integer version = versions.remove(reference);
    return version == null ? 0 : version;
  }

  boolean contains(String reference) {
    return versions.containsKey(reference);
  }

  boolean isEmpty() {
    return versions.isEmpty();
  }

  /** A copy of the remembered versions by {@code Type/id}, the longest-withdrawn first. */
  Map<String, Integer> copy() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(versions));
  }
}
