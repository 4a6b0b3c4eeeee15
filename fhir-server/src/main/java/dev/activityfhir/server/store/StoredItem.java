package dev.activityfhir.server.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The latest live version of a harvested item, as the store keeps it.
 *
 * @param feedUrl the feed it came from
 * @param rpdeId its RPDE id within that feed
 * @param modified the RPDE {@code modified} value as text
 * @param atId the OpenActive {@code data.@id}, the key other feeds link to
 * @param parentAtId for a child (ScheduledSession, Slot), the {@code @id} of its parent
 * @param dataJson the item's {@code data}
 * @param harvestedAt when this version was harvested
 */
public record StoredItem(
    String feedUrl,
    String rpdeId,
    String modified,
    @Nullable String atId,
    @Nullable String parentAtId,
    String dataJson,
    Instant harvestedAt) {}
