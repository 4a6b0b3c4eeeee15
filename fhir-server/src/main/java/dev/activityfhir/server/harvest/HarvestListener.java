package dev.activityfhir.server.harvest;

import dev.activityfhir.server.store.AppliedChanges;
import org.jspecify.annotations.Nullable;

/**
 * Told about every page a harvester applied to the store: one page at a time, in the order they were stored, on
 * the publishing thread of {@link Harvesting}.
 */
@FunctionalInterface
public interface HarvestListener {

  /**
   * Called after a page's transaction committed, also when it changed nothing.
   *
   * @param feedUrl the feed
   * @param changes what the page changed in the store
   * @param license the feed's licence URL, when the page gave one
   */
  void pageApplied(String feedUrl, AppliedChanges changes, @Nullable String license);
}
