package dev.activityfhir.server.referral.web;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IPagingProvider;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Keeps referral searches for their {@code next} links (30 minutes after last use), and answers a link only to the
 * organisation whose search it is: to anyone else it is gone (410), as if it had expired. Search ids start with
 * {@link #PREFIX} so that {@code /fhir?_getpages=} can be told from the directory's.
 */
final class ReferralPagingProvider implements IPagingProvider {

  /** The first characters of every referral search id. */
  static final String PREFIX = "referral-";

  private final Cache<String, ReferralSearchResults> searches =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofMinutes(30)).build();

  @Override
  public int getDefaultPageSize() {
    return dev.activityfhir.server.referral.ReferralSearchBinder.DEFAULT_COUNT;
  }

  @Override
  public int getMaximumPageSize() {
    return dev.activityfhir.server.referral.ReferralSearchBinder.MAXIMUM_COUNT;
  }

  @Override
  public @Nullable IBundleProvider retrieveResultList(@Nullable RequestDetails request, String searchId) {
    ReferralSearchResults results = searches.getIfPresent(searchId);
    if (results == null || request == null) {
      return null;
    }
    return results.owner().equals(Callers.of(request).organization()) ? results : null;
  }

  @Override
  public @Nullable String storeResultList(@Nullable RequestDetails request, IBundleProvider results) {
    if (!(results instanceof ReferralSearchResults referral)) {
      return null; // only referral searches page here
    }
    String id = PREFIX + UUID.randomUUID();
    searches.put(id, referral);
    return id;
  }
}
