package dev.activityfhir.server.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * One RPDE item of a demo feed.
 *
 * @param id the RPDE item id (not the JSON-LD {@code @id})
 * @param modified the RPDE {@code modified} value: a timestamp-like number for the "modified + id"
 *     feeds, the change number for the "incrementing change number" feeds
 * @param kind the RPDE {@code kind}
 * @param data the opportunity data, or null for a {@code deleted} tombstone
 */
public record FeedEntry(String id, long modified, String kind, @Nullable ObjectNode data) {

  /** {@code "updated"} when data is present, else {@code "deleted"}. */
  public String state() {
    return data == null ? "deleted" : "updated";
  }
}
