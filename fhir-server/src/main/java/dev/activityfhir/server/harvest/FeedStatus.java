package dev.activityfhir.server.harvest;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The harvesting state of one feed (or of a dataset site not yet resolved into feeds), for {@code /health}.
 *
 * @param url the feed or dataset-site URL
 * @param state what the harvester is doing
 * @param itemsHeld live items of the feed in the store
 * @param lastSuccess when a page was last applied (from the stored checkpoint after a restart)
 * @param lastError the last failure, cleared by the next success
 * @param consecutiveFailures failures since the last success
 * @param malformedItems items left out of pages read since the start for being malformed at the RPDE level
 *     (counted each time a page carrying one is read: they have no usable id to tell them apart)
 */
public record FeedStatus(
    String url,
    State state,
    long itemsHeld,
    @Nullable Instant lastSuccess,
    @Nullable String lastError,
    int consecutiveFailures,
    long malformedItems) {

  /** What a feed's harvester is doing. */
  public enum State {
    /** Paging through the feed towards its last page. */
    HARVESTING("harvesting"),
    /** At the last page, polling it every harvest interval. */
    CAUGHT_UP("caught-up"),
    /** The last attempt failed (HTTP error, timeout, malformed or oversized page, paging loop). */
    FAILING("failing");

    private final String label;

    State(String label) {
      this.label = label;
    }

    /** The name shown in {@code /health}: {@code harvesting}, {@code caught-up} or {@code failing}. */
    public String label() {
      return label;
    }
  }
}
