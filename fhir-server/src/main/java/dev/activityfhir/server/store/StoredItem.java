package dev.activityfhir.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The latest live version of a harvested item, as the store keeps it.
 *
 * <p>Equality ignores {@code data}: it is {@code dataJson} parsed, carried from the harvested page so that
 * the directory need not parse the text again.
 *
 * @param feedUrl the feed it came from
 * @param rpdeId its RPDE id within that feed
 * @param modified the RPDE {@code modified} value as text
 * @param atId the OpenActive {@code data.@id}, the key other feeds link to
 * @param parentAtId for a child (ScheduledSession, Slot), the {@code @id} of its parent
 * @param dataJson the item's {@code data}
 * @param harvestedAt when this version was harvested
 * @param data {@code dataJson} parsed, for a version just applied from a page; null when read back from the
 *     database. Shared and read-only: nothing may modify it
 */
public record StoredItem(
    String feedUrl,
    String rpdeId,
    String modified,
    @Nullable String atId,
    @Nullable String parentAtId,
    String dataJson,
    Instant harvestedAt,
    @Nullable JsonNode data) {

  /** A version without its parsed data, as read back from the database. */
  public StoredItem(
      String feedUrl,
      String rpdeId,
      String modified,
      @Nullable String atId,
      @Nullable String parentAtId,
      String dataJson,
      Instant harvestedAt) {
    this(feedUrl, rpdeId, modified, atId, parentAtId, dataJson, harvestedAt, null);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof StoredItem item
        && feedUrl.equals(item.feedUrl)
        && rpdeId.equals(item.rpdeId)
        && modified.equals(item.modified)
        && Objects.equals(atId, item.atId)
        && Objects.equals(parentAtId, item.parentAtId)
        && dataJson.equals(item.dataJson)
        && harvestedAt.equals(item.harvestedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(feedUrl, rpdeId, modified, atId, parentAtId, dataJson, harvestedAt);
  }
}
