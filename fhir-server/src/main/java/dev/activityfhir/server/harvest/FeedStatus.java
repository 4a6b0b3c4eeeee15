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
 * @param itemsTooLarge items left out of pages read since the start for passing the {@link ItemLimits}
 * @param stringsCut string values cut to the {@link ItemLimits} in pages read since the start
 * @param refused the last URL the {@link FetchPolicy} refused for this feed (a {@code next}, a stored
 *     checkpoint, a redirect target, a dataset site's feed, or the feed itself), kept after the feed recovers
 */
public record FeedStatus(
    String url,
    State state,
    long itemsHeld,
    @Nullable Instant lastSuccess,
    @Nullable String lastError,
    int consecutiveFailures,
    long malformedItems,
    long itemsTooLarge,
    long stringsCut,
    @Nullable Refused refused) {

  /** The status of a source not yet read. */
  static FeedStatus unread(String url) {
    return new FeedStatus(url, State.HARVESTING, 0, null, null, 0, 0, 0, 0, null);
  }

  /**
   * A URL refused, by its host only.
   *
   * @param host the refused URL's host
   * @param rule the {@link FetchPolicy.Rule#label()} it broke
   * @param at when
   */
  public record Refused(String host, String rule, Instant at) {
    static Refused of(FetchPolicy.Refusal refusal, Instant at) {
      return new Refused(refusal.host(), refusal.rule().label(), at);
    }
  }

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
