package dev.activityfhir.server.fhir;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.BasePagingProvider;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Keeps search results between page requests, under ids that are the same for the same search on the same index
 * state: so the same question gets the same {@code next} links (which lets {@link ResponseCacheInterceptor} cache
 * whole first pages) and repeated searches share one entry. Results unused for 30 minutes are dropped.
 */
final class SearchPagingProvider extends BasePagingProvider {

  private final long maximumHits;
  private final Cache<String, IBundleProvider> results;

  /**
   * @param maximumHits how many matches the kept results may hold together: bounded by size, not by count, as
   *     each keeps its whole result list (one unfiltered Slot search holds hundreds of thousands; a link worker's,
   *     tens). A result longer than this is not kept: its {@code next} link answers 410 Gone, as an expired one does.
   */
  SearchPagingProvider(long maximumHits) {
    this.maximumHits = maximumHits;
    this.results =
        Caffeine.newBuilder()
            .maximumWeight(maximumHits)
            .<String, IBundleProvider>weigher((id, list) -> weight(list))
            .expireAfterAccess(Duration.ofMinutes(30))
            .executor(Runnable::run) // evict on the storing thread, at once: the bound holds at every moment
            .build();
  }

  @Override
  public @Nullable IBundleProvider retrieveResultList(RequestDetails request, String id) {
    return results.getIfPresent(id);
  }

  @Override
  public String storeResultList(RequestDetails request, IBundleProvider list) {
    String id = list instanceof HitsBundleProvider hits ? hits.pagingId() : UUID.randomUUID().toString();
    if (weight(list) <= maximumHits) { // one over the bound would only push every other result out
      results.asMap().putIfAbsent(id, list);
    }
    return id;
  }

  private static int weight(IBundleProvider list) {
    Integer size = list.size();
    return 1 + (size == null ? 0 : size);
  }
}
