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
 */
public record HealthReport(
    String status, boolean fhirReady, @Nullable String loadedFrom, long resources, List<Feed> feeds) {

  /**
   * One feed's state.
   *
   * @param url the feed URL
   * @param state {@code harvesting}, {@code caught-up} or {@code failing}
   * @param itemsHeld live items stored from this feed
   * @param itemsSkipped items held back from the directory now: malformed at the RPDE level, not mappable or
   *     not a directory type, or children whose parent is absent or unpublished (each reason logged once)
   * @param lastSuccess when a page was last read successfully
   * @param lastError the last error, kept until the next success
   * @param skippedReasons {@code itemsSkipped} per reason
   */
  public record Feed(
      String url,
      String state,
      long itemsHeld,
      long itemsSkipped,
      @Nullable Instant lastSuccess,
      @Nullable String lastError,
      Map<String, Long> skippedReasons) {

    public Feed {
      // Sorted, so that /health lists the reasons in the same order every time.
      skippedReasons = Collections.unmodifiableMap(new TreeMap<>(skippedReasons));
    }
  }

  public HealthReport {
    feeds = List.copyOf(feeds);
  }
}
