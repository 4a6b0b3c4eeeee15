package dev.activityfhir.server.store;

import org.jspecify.annotations.Nullable;

/**
 * A live item that a page deleted, with the links it had while live.
 *
 * @param feedUrl the feed it came from
 * @param rpdeId its RPDE id
 * @param atId its {@code data.@id} while live
 * @param parentAtId its parent's {@code @id} while live, for a child
 */
public record RemovedItem(
    String feedUrl, String rpdeId, @Nullable String atId, @Nullable String parentAtId) {}
