package dev.activityfhir.server.fhir;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.BasePagingProvider;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Keeps search results between page requests, under ids that are the same for the same search on the same index
 * state: so the same question gets the same {@code next} links (which lets {@link ResponseCacheInterceptor} cache
 * whole first pages) and repeated searches share one entry.
 *
 * <p>Every result is kept when stored (no admission policy: a cache that admits by frequency turns away a new
 * search's result when it is full of reused ones, and the {@code next} link just handed out answers 410 at once).
 * Results unused for {@link #IDLE_EXPIRY} are dropped. The kept results are bounded by their number of matches:
 * over the bound, the least recently used go, but none used within {@link #MINIMUM_RESIDENCE}, unless the matches
 * kept reach twice the bound (a flood of distinct searches): then the least recently used go whatever their age.
 * The newest result is never the one pushed out.
 */
final class SearchPagingProvider extends BasePagingProvider {

  /** How long a result is kept after its last use (the README's promise for {@code next} links). */
  static final Duration IDLE_EXPIRY = Duration.ofMinutes(30);

  /** How long a result is kept after its last use even when the store is over its bound. */
  static final Duration MINIMUM_RESIDENCE = Duration.ofMinutes(5);

  private final long maximumHits;
  private final LongSupplier nanoTime;
  /** Results by id, least recently used first. */
  private final LinkedHashMap<String, Kept> results = new LinkedHashMap<>(64, 0.75f, true);
  private long keptHits;

  /**
   * @param maximumHits how many matches the kept results may hold together: bounded by size, not by count, as
   *     each keeps its whole result list (one unfiltered Slot search holds hundreds of thousands; a link worker's,
   *     tens). A result longer than this is not kept: its {@code next} link answers 410 Gone, as an expired one does.
   */
  SearchPagingProvider(long maximumHits) {
    this(maximumHits, System::nanoTime);
  }

  /** A store reading time from {@code nanoTime} (tests move it on). */
  SearchPagingProvider(long maximumHits, LongSupplier nanoTime) {
    this.maximumHits = maximumHits;
    this.nanoTime = nanoTime;
  }

  @Override
  public synchronized @Nullable IBundleProvider retrieveResultList(@Nullable RequestDetails request, String id) {
    Kept kept = results.get(id);
    if (kept == null) {
      return null;
    }
    long now = nanoTime.getAsLong();
    if (now - kept.lastUsed >= IDLE_EXPIRY.toNanos()) {
      remove(id, kept);
      return null;
    }
    kept.lastUsed = now;
    return kept.list;
  }

  @Override
  public synchronized String storeResultList(@Nullable RequestDetails request, IBundleProvider list) {
    String id = list instanceof HitsBundleProvider hits ? hits.pagingId() : UUID.randomUUID().toString();
    long weight = weight(list);
    if (weight > maximumHits) { // one over the bound would only push every other result out
      return id;
    }
    long now = nanoTime.getAsLong();
    Kept kept = results.get(id);
    if (kept != null) {
      kept.lastUsed = now;
      return id;
    }
    results.put(id, new Kept(list, weight, now));
    keptHits += weight;
    evict(id, now);
    return id;
  }

  /** How many matches the kept results hold together. */
  synchronized long keptHits() {
    return keptHits;
  }

  /** Drops expired results, then least recently used ones while over the bound, never {@code newest}. */
  private void evict(String newest, long now) {
    Iterator<Map.Entry<String, Kept>> eldestFirst = results.entrySet().iterator();
    while (eldestFirst.hasNext()) {
      Map.Entry<String, Kept> entry = eldestFirst.next();
      Kept kept = entry.getValue();
      long idle = now - kept.lastUsed;
      boolean expired = idle >= IDLE_EXPIRY.toNanos();
      boolean overBound = keptHits > maximumHits && idle >= MINIMUM_RESIDENCE.toNanos();
      boolean flooded = keptHits > 2 * maximumHits;
      if (entry.getKey().equals(newest) || !(expired || overBound || flooded)) {
        return; // the rest were used more recently still
      }
      eldestFirst.remove();
      keptHits -= kept.weight;
    }
  }

  private void remove(String id, Kept kept) {
    results.remove(id);
    keptHits -= kept.weight;
  }

  private static long weight(IBundleProvider list) {
    Integer size = list.size();
    return 1L + (size == null ? 0 : size);
  }

  /** A kept result and when it was last used. */
  private static final class Kept {
    final IBundleProvider list;
    final long weight;
    long lastUsed;

    Kept(IBundleProvider list, long weight, long lastUsed) {
      this.list = list;
      this.weight = weight;
      this.lastUsed = lastUsed;
    }
  }
}
