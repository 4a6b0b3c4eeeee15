package dev.activityfhir.server.harvest;

import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides, page after page, whether to go on paging, to stop because the feed is caught up, or to stop because
 * the publisher's paging loops: a page pointing to itself while carrying items (its {@code next} would be
 * fetched for ever), or a {@code next} URL already fetched in the current pass.
 */
final class PagingGuard {

  /** What to do after a page. */
  enum Step {
    /** Fetch {@code next} at once. */
    CONTINUE,
    /** The last page: poll it after the interval. */
    CAUGHT_UP,
    /** A paging loop: stop paging, poll again after the interval. */
    LOOP
  }

  /**
   * A decision.
   *
   * @param reason why, for a loop
   */
  record Verdict(Step step, @Nullable String reason) {}

  /** Bounds the memory of one pass through a huge feed. */
  private static final int MAX_REMEMBERED_URLS = 100_000;

  private final Set<String> visited = new HashSet<>();

  /** Starts a pass at {@code url}. */
  void startAt(String url) {
    visited.clear();
    visited.add(url);
  }

  /** Judges a page just fetched and applied, and remembers its {@code next}. */
  Verdict after(RpdePage page) {
    if (page.isLast()) {
      startAt(page.next());
      return new Verdict(Step.CAUGHT_UP, null);
    }
    if (page.pointsToItself()) {
      startAt(page.next());
      return new Verdict(
          Step.LOOP, "page " + page.url() + " points to itself with " + page.items().size() + " items");
    }
    if (visited.size() >= MAX_REMEMBERED_URLS) {
      visited.clear();
    }
    if (!visited.add(page.next())) {
      startAt(page.next());
      return new Verdict(Step.LOOP, "next URL " + page.next() + " came round again within one pass");
    }
    return new Verdict(Step.CONTINUE, null);
  }
}
