package dev.activityfhir.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One item of an RPDE page, as read from the wire.
 *
 * <p>Equality ignores {@code data}: it is {@code dataJson} parsed, carried so that the store and the directory
 * need not parse the text again.
 *
 * @param rpdeId the item's RPDE {@code id} (a string or a number on the wire, kept as text)
 * @param state {@code updated} or {@code deleted}
 * @param modified the RPDE {@code modified} value as text (a long up to 2^60, or an ISO string)
 * @param kind the publisher's {@code kind}; informational only, never used for dispatch
 * @param dataJson the item's {@code data} as JSON text; null when deleted
 * @param data {@code dataJson} parsed, when the reader has it (null when deleted or not given); shared and
 *     read-only: nothing may modify it
 */
public record RpdeItem(
    String rpdeId,
    String state,
    String modified,
    @Nullable String kind,
    @Nullable String dataJson,
    @Nullable JsonNode data) {

  /** An item without its parsed data; the store parses {@code dataJson} when it needs the tree. */
  public RpdeItem(
      String rpdeId, String state, String modified, @Nullable String kind, @Nullable String dataJson) {
    this(rpdeId, state, modified, kind, dataJson, null);
  }

  public boolean deleted() {
    return "deleted".equals(state);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof RpdeItem item
        && rpdeId.equals(item.rpdeId)
        && state.equals(item.state)
        && modified.equals(item.modified)
        && Objects.equals(kind, item.kind)
        && Objects.equals(dataJson, item.dataJson);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rpdeId, state, modified, kind, dataJson);
  }
}
