package dev.activityfhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.Test;

class SearchPagingProviderTest {

  @Test
  void keepsResultsUpToTheirTotalNumberOfMatches() {
    SearchPagingProvider paging = new SearchPagingProvider(100);

    String small = paging.storeResultList(null, results(40));
    String medium = paging.storeResultList(null, results(50));
    String tooLarge = paging.storeResultList(null, results(150));

    assertThat(paging.retrieveResultList(null, small).size()).isEqualTo(40);
    assertThat(paging.retrieveResultList(null, medium).size()).isEqualTo(50);
    assertThat(paging.retrieveResultList(null, tooLarge)).isNull();

    String another = paging.storeResultList(null, results(30));
    long keptMatches =
        List.of(small, medium, another).stream()
            .map(id -> paging.retrieveResultList(null, id))
            .filter(list -> list != null)
            .mapToLong(list -> list.size() + 1)
            .sum();
    assertThat(keptMatches).isPositive().isLessThanOrEqualTo(100); // 40 + 50 + 30: one had to go
  }

  private static SimpleBundleProvider results(int size) {
    List<IBaseResource> resources = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      resources.add(new Slot().setId("slot-" + i));
    }
    return new SimpleBundleProvider(resources);
  }
}
