package dev.activityfhir.server.store;

import org.jspecify.annotations.Nullable;

/**
 * One item of an RPDE page, as read from the wire.
 *
 * @param rpdeId the item's RPDE {@code id} (a string or a number on the wire, kept as text)
 * @param state {@code updated} or {@code deleted}
 * @param modified the RPDE {@code modified} value as text (a long up to 2^60, or an ISO string)
 * @param kind the publisher's {@code kind}; informational only, never used for dispatch
 * @param dataJson the item's {@code data} as JSON text; null when deleted
 */
public record RpdeItem(
    String rpdeId, String state, String modified, @Nullable String kind, @Nullable String dataJson) {

  public boolean deleted() {
    return "deleted".equals(state);
  }
}
