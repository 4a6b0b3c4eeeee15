package dev.activityfhir.server.store;

import java.util.List;

/**
 * What one RPDE page actually changed in the store: stale versions and deletes of unknown items are not in it.
 *
 * @param upserted the new live versions of items that were inserted or replaced
 * @param removed items that were live and are now deleted
 * @param liveCountDelta change in the number of live items of the feed
 * @param storeVersion the store's version after the page (see {@link HarvestStore#version()})
 */
public record AppliedChanges(
    List<StoredItem> upserted, List<RemovedItem> removed, int liveCountDelta, long storeVersion) {

  public AppliedChanges {
    upserted = List.copyOf(upserted);
    removed = List.copyOf(removed);
  }

  /** True when the page changed no item. */
  public boolean isEmpty() {
    return upserted.isEmpty() && removed.isEmpty();
  }
}
