package dev.activityfhir.server.directory;

import java.util.HashMap;
import java.util.Map;

/**
 * The skip accounting: which items the directory holds back and why, kept in step with the per-feed,
 * per-reason counts {@code /health} reads ({@link SkippedItems}). A child keeps its reason on its node; any
 * other item's reason is kept here. Changed under the directory's lock; the counts are read without it.
 */
final class HeldItems {

  private final SkippedItems skipped = new SkippedItems();
  /** Why each held-back item that is not a child is held back. */
  private final Map<ItemKey, String> reasons = new HashMap<>();

  /** Holds back an item that is not a child (or a child without a parent link), for {@code reason}. */
  void hold(ItemKey key, String reason) {
    reasons.put(key, skipped.move(key.feedUrl, reasons.get(key), reason));
  }

  void release(ItemKey key) {
    String previous = reasons.remove(key);
    if (previous != null) {
      skipped.move(key.feedUrl, previous, null);
    }
  }

  /** Counts a child as held back for {@code reason} (its Slot is withdrawn by the caller). */
  void holdChild(ChildNode child, String reason) {
    child.heldReason = skipped.move(child.feedUrl, child.heldReason, reason);
  }

  void releaseChild(ChildNode child) {
    if (child.heldReason != null) {
      skipped.move(child.feedUrl, child.heldReason, null);
      child.heldReason = null;
    }
  }

  /** Logs a problem that holds back no item of its own (its children are counted), once per reason. */
  void logOnce(String feedUrl, String reason) {
    skipped.logOnce(feedUrl, reason);
  }

  /** Items held back now, per feed. */
  Map<String, Long> perFeed() {
    return skipped.perFeed();
  }

  /** Items of one feed held back now, per reason. */
  Map<String, Long> perReason(String feedUrl) {
    return skipped.perReason(feedUrl);
  }

  /** Why mapping failed: the exception's message, or its simple class name when it has none. */
  static String reason(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
