package dev.activityfhir.server.directory;

import org.jspecify.annotations.Nullable;

/** A child (ScheduledSession, facility Slot) as the graph knows it; equal to its {@link ItemKey}. */
final class ChildNode extends ItemKey {
  final String parentKey;
  /** The published Slot's id; null while held back. */
  @Nullable String slotId;
  /** Why it is held back, as counted in the skipped items; null while published. */
  @Nullable String heldReason;
  /** Epoch milliseconds; {@link Long#MAX_VALUE} when absent. */
  long start = Long.MAX_VALUE;
  /** Epoch milliseconds; {@link Long#MIN_VALUE} when absent. */
  long end = Long.MIN_VALUE;

  ChildNode(String feedUrl, String rpdeId, String parentKey) {
    super(feedUrl, rpdeId);
    this.parentKey = parentKey;
  }

  boolean published() {
    return slotId != null;
  }
}
