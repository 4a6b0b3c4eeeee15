package dev.activityfhir.server.web;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /health} answers.
 *
 * @param status {@code starting} until the stored data is loaded, then {@code ok}, or {@code degraded} while any
 *     feed is failing (the server still serves its last good data)
 * @param fhirReady whether {@code /fhir} answers searches yet
 * @param loadedFrom where the stored data was loaded from at start-up: {@code snapshot} (the snapshot of the
 *     published resources, current with the store) or {@code store} (every stored item mapped again); null while
 *     loading
 * @param resources how many resources the directory publishes
 * @param feeds one entry per harvested feed (none until the directory is ready to follow them)
 * @param refusedFeeds feeds a dataset site listed that the fetch policy refused, so are not harvested
 */
public record HealthReport(
    String status,
    boolean fhirReady,
    @Nullable String loadedFrom,
    long resources,
    List<Feed> feeds,
    List<RefusedFeed> refusedFeeds) {

  /** A report without refused feeds. */
  public HealthReport(
      String status, boolean fhirReady, @Nullable String loadedFrom, long resources, List<Feed> feeds) {
    this(status, fhirReady, loadedFrom, resources, feeds, List.of());
  }

  /**
   * A URL the harvester refused to fetch, by its host and the rule it broke (never the rest of the URL, nor
   * anything a remote server answered).
   *
   * @param host the URL's host
   * @param rule {@code not-http}, {@code malformed-url}, {@code other-origin}, {@code non-public-address} or
   *     {@code too-many-redirects}
   * @param at when it was refused
   */
  public record Refused(String host, String rule, Instant at) {}

  /**
   * A feed listed by a dataset site and refused.
   *
   * @param site the dataset site's URL (a configured source)
   * @param host the feed URL's host
   * @param rule the rule it broke
   * @param at when the site was last read
   */
  public record RefusedFeed(String site, String host, String rule, Instant at) {}

  /**
   * One feed's state.
   *
   * @param url the feed URL
   * @param state {@code harvesting}, {@code caught-up} or {@code failing}
   * @param itemsHeld live items stored from this feed
   * @param itemsSkipped items held back from the directory now: malformed at the RPDE level, over the item size
   *     limit, not mappable or not a directory type, or children whose parent is absent or unpublished (each
   *     reason logged once)
   * @param lastSuccess when a page was last read successfully
   * @param lastError the last error, kept until the next success: a coarse category (HTTP status, timed out,
   *     connection failed, malformed, refused), never text from a remote body
   * @param skippedReasons {@code itemsSkipped} per reason
   * @param itemsTooLarge of the items skipped, those over the item size limit
   * @param stringsCut string values cut to the string size limit
   * @param refused the last URL the fetch policy refused for this feed, kept after it recovers; null if none
   */
  public record Feed(
      String url,
      String state,
      long itemsHeld,
      long itemsSkipped,
      @Nullable Instant lastSuccess,
      @Nullable String lastError,
      Map<String, Long> skippedReasons,
      long itemsTooLarge,
      long stringsCut,
      @Nullable Refused refused) {

    public Feed {
      // Sorted, so that /health lists the reasons in the same order every time.
      skippedReasons = Collections.unmodifiableMap(new TreeMap<>(skippedReasons));
    }
  }

  public HealthReport {
    feeds = List.copyOf(feeds);
    refusedFeeds = List.copyOf(refusedFeeds);
  }
}
