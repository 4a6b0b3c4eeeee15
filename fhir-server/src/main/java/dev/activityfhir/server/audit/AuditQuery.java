package dev.activityfhir.server.audit;

import org.jspecify.annotations.Nullable;

/**
 * A search of the audit trail, newest first.
 *
 * @param fromMillis earliest {@code recorded} time included (epoch ms), or null
 * @param toMillis latest {@code recorded} time included (epoch ms), or null
 * @param organization the agent's organisation ({@code A81001} or {@code Organization/<id>}), or null for any
 * @param clientId the agent's client, or null for any
 * @param outcome {@code 0}, {@code 4} or {@code 8}, or null for any
 * @param offset how many matches to skip
 * @param count at most this many
 */
public record AuditQuery(
    @Nullable Long fromMillis,
    @Nullable Long toMillis,
    @Nullable String organization,
    @Nullable String clientId,
    @Nullable String outcome,
    int offset,
    int count) {

  public AuditQuery {
    if (offset < 0 || count < 0) {
      throw new IllegalArgumentException("offset and count must not be negative");
    }
  }
}
