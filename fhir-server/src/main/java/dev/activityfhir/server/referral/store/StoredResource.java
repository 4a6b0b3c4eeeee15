package dev.activityfhir.server.referral.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a resource as stored: its JSON carries the same id, {@code meta.versionId} and {@code
 * meta.lastUpdated} as the columns.
 *
 * @param type the resource type, e.g. {@code ServiceRequest}
 * @param id the logical id
 * @param version 1 for a created resource, one more for each update
 * @param lastUpdated when this version was written (millisecond precision)
 * @param json the resource as FHIR JSON
 */
public record StoredResource(String type, String id, long version, Instant lastUpdated, String json) {

  public StoredResource {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(lastUpdated, "lastUpdated");
    Objects.requireNonNull(json, "json");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, got " + version);
    }
  }

  /** {@code Type/id}. */
  public String reference() {
    return type + "/" + id;
  }
}
