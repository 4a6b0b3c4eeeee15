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

  private final Cache<String, IBundleProvider> results;

  SearchPagingProvider(long maximumSize) {
    this.results =
        Caffeine.newBuilder().maximumSize(maximumSize).expireAfterAccess(Duration.ofMinutes(30)).build();
  }

  @Override
  public @Nullable IBundleProvider retrieveResultList(RequestDetails request, String id) {
    return results.getIfPresent(id);
  }

  @Override
  public String storeResultList(RequestDetails request, IBundleProvider list) {
    String id = list instanceof HitsBundleProvider hits ? hits.pagingId() : UUID.randomUUID().toString();
    results.asMap().putIfAbsent(id, list);
    return id;
  }
}
