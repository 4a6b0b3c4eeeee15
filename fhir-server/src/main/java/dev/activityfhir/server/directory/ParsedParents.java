package dev.activityfhir.server.directory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.activityfhir.mapping.OpenActiveItem;

/**
 * The parsed form of recently used parents, so that mapping a run of one parent's children (a page, or the
 * start-up stream grouped by parent) parses the parent once. Bounded; keyed by {@link ParentItem} instance,
 * so a changed parent (a new instance) is never served from an older entry. Thread-safe.
 */
final class ParsedParents {

  private final ObjectMapper mapper;
  private final Cache<ParentItem, OpenActiveItem> parsed;

  /** A cache of at most {@code maximumSize} parsed parents. */
  ParsedParents(ObjectMapper mapper, long maximumSize) {
    this.mapper = mapper;
    // Evict on the calling thread: during the start-up load the common pool is busy mapping children.
    this.parsed = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
  }

  /** The parent with its data parsed, parsing it on a miss. */
  OpenActiveItem get(ParentItem parent) {
    return parsed.get(parent, item -> item.parse(mapper));
  }

  /** Remembers the parsed form of a parent the caller has just parsed anyway. */
  void put(ParentItem parent, OpenActiveItem item) {
    parsed.put(parent, item);
  }
}
