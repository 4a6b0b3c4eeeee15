package dev.activityfhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.Test;

class SearchPagingProviderTest {

  private final AtomicLong now = new AtomicLong();
  private final SearchPagingProvider paging = new SearchPagingProvider(100, now::get);

  @Test
  void aNewResultIsKeptWhenTheStoreIsFullOfReusedOnes() {
    List<String> reused = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      reused.add(paging.storeResultList(null, results(10))); // 9 x 11 = 99 of 100
    }
    for (int use = 0; use < 5; use++) {
      reused.forEach(id -> assertThat(paging.retrieveResultList(null, id)).isNotNull());
      advance(Duration.ofSeconds(10));
    }

    String fresh = paging.storeResultList(null, results(10));

    // A frequency-based admission policy turned this one away: its next link answered 410 at once.
    assertThat(paging.retrieveResultList(null, fresh)).isNotNull();
    assertThat(paging.retrieveResultList(null, fresh).size()).isEqualTo(10);
  }

  @Test
  void overTheBoundTheLeastRecentlyUsedGoOnceIdleForTheMinimumResidence() {
    String first = paging.storeResultList(null, results(40));
    String second = paging.storeResultList(null, results(40));
    advance(SearchPagingProvider.MINIMUM_RESIDENCE.plusSeconds(1));
    assertThat(paging.retrieveResultList(null, first)).isNotNull(); // used again: second is now the least used

    String third = paging.storeResultList(null, results(40));

    assertThat(paging.retrieveResultList(null, second)).isNull();
    assertThat(paging.retrieveResultList(null, first)).isNotNull();
    assertThat(paging.retrieveResultList(null, third)).isNotNull();
    assertThat(paging.keptHits()).isEqualTo(82);
  }

  @Test
  void withinTheMinimumResidenceNothingGoesUntilTwiceTheBound() {
    String first = paging.storeResultList(null, results(60));
    String second = paging.storeResultList(null, results(60)); // 122: over the bound, both young
    assertThat(paging.retrieveResultList(null, first)).isNotNull();
    assertThat(paging.retrieveResultList(null, second)).isNotNull();

    String third = paging.storeResultList(null, results(90)); // 213: a flood, the least used go

    assertThat(paging.retrieveResultList(null, first)).isNull();
    assertThat(paging.retrieveResultList(null, second)).isNotNull();
    assertThat(paging.retrieveResultList(null, third)).isNotNull();
    assertThat(paging.keptHits()).isEqualTo(152);
  }

  @Test
  void aResultLargerThanTheBoundIsNotKept() {
    String tooLarge = paging.storeResultList(null, results(150));

    assertThat(paging.retrieveResultList(null, tooLarge)).isNull();
    assertThat(paging.keptHits()).isZero();
  }

  @Test
  void aResultUnusedForThirtyMinutesIsGone() {
    String id = paging.storeResultList(null, results(5));
    advance(Duration.ofMinutes(29));
    assertThat(paging.retrieveResultList(null, id)).isNotNull(); // used: another 30 minutes from now
    advance(Duration.ofMinutes(29));
    assertThat(paging.retrieveResultList(null, id)).isNotNull();

    advance(SearchPagingProvider.IDLE_EXPIRY);

    assertThat(paging.retrieveResultList(null, id)).isNull();
    assertThat(paging.keptHits()).isZero();
  }

  private void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  private static SimpleBundleProvider results(int size) {
    List<IBaseResource> resources = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      resources.add(new Slot().setId("slot-" + i));
    }
    return new SimpleBundleProvider(resources);
  }
}
