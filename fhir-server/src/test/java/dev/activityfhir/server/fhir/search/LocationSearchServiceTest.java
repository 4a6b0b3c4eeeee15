package dev.activityfhir.server.fhir.search;

import static dev.activityfhir.server.fhir.search.SearchFixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.activityfhir.server.directory.ResourceChanges;
import dev.activityfhir.server.fhir.DirectoryFixtures;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocationSearchServiceTest {

  private final LocationSearchService service = new LocationSearchService(SearchFixtures.index());

  @Test
  void nearOrdersByDistanceAndGivesEachDistance() {
    List<Hit> hits =
        service.search(new LocationSearchParams(Set.of(), List.of(), null, new Near(51.47, -0.07, 10)));

    assertThat(ids(hits)).containsExactly("loc-peckham", "loc-brixton", "loc-camden");
    assertThat(hits.get(0).distanceKm()).isCloseTo(0.450, within(0.001));
    assertThat(hits.get(1).distanceKm()).isCloseTo(3.208, within(0.001));
    assertThat(hits.get(2).distanceKm()).isCloseTo(9.172, within(0.001));
  }

  @Test
  void nearExcludesLocationsBeyondTheDistanceAndWithoutPosition() {
    List<Hit> hits =
        service.search(new LocationSearchParams(Set.of(), List.of(), null, new Near(51.47, -0.07, 3)));

    assertThat(ids(hits)).containsExactly("loc-peckham");
  }

  @Test
  void postalCodeIsAPrefixIgnoringSpacesAndCase() {
    assertThat(ids(service.search(new LocationSearchParams(Set.of(), List.of(), TextCriterion.startsWith("SE15"), null))))
        .containsExactly("loc-peckham");
    assertThat(ids(service.search(new LocationSearchParams(Set.of(), List.of(), TextCriterion.startsWith("E16AN"), null))))
        .containsExactly("loc-nowhere");
  }

  @Test
  void nameStartsWithAndIdFilter() {
    assertThat(ids(service.search(new LocationSearchParams(Set.of(), List.of(TextCriterion.startsWith("camden")), null, null))))
        .containsExactly("loc-camden");
    assertThat(ids(service.search(new LocationSearchParams(Set.of("loc-brixton", "loc-x"), List.of(), null, null))))
        .containsExactly("loc-brixton");
  }

  @Test
  void withoutCriteriaEveryLocationByIdWithoutDistance() {
    List<Hit> hits = service.search(new LocationSearchParams(Set.of(), List.of(), null, null));

    assertThat(ids(hits)).containsExactly("loc-brixton", "loc-camden", "loc-nowhere", "loc-peckham");
    assertThat(hits).noneMatch(Hit::hasDistance);
  }

  @Test
  void nearSeesLocationsMovedAddedAndDeletedAfterAnEarlierSearch() {
    ResourceIndex index = SearchFixtures.index();
    LocationSearchService locations = new LocationSearchService(index);
    LocationSearchParams nearPeckham = new LocationSearchParams(Set.of(), List.of(), null, new Near(51.47, -0.07, 3));
    assertThat(ids(locations.search(nearPeckham))).containsExactly("loc-peckham");

    index.apply(
        new ResourceChanges(
            List.of(
                DirectoryFixtures.location("loc-camden", "Camden Leisure Centre", "NW1 7PX", 51.4710, -0.0700),
                DirectoryFixtures.location("loc-rye", "Peckham Rye Hall", "SE15 3UA", 51.4600, -0.0680)),
            List.of("Location/loc-peckham")));

    List<Hit> hits = locations.search(nearPeckham);
    assertThat(ids(hits)).containsExactly("loc-camden", "loc-rye");
    assertThat(hits.get(0).distanceKm()).isCloseTo(0.111, within(0.001));
  }
}
