package dev.activityfhir.server.fhir.search;

import static dev.activityfhir.server.fhir.search.SearchFixtures.activity;
import static dev.activityfhir.server.fhir.search.SearchFixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.server.fhir.DirectoryFixtures;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OtherSearchServicesTest {

  private final ResourceIndex index = SearchFixtures.index();

  @Test
  void schedulesByActorServiceTypeAndActive() {
    ScheduleSearchService schedules = new ScheduleSearchService(index);

    assertThat(ids(schedules.search(new ScheduleSearchParams(Set.of(), Set.of("Location/loc-peckham"), List.of(), null))))
        .containsExactly("sch-walking-football");
    assertThat(
            ids(schedules.search(
                new ScheduleSearchParams(
                    Set.of(), Set.of(), List.of(List.of(activity(DirectoryFixtures.HATHA_YOGA))), true))))
        .containsExactly("sch-hatha-yoga");
    assertThat(schedules.search(new ScheduleSearchParams(Set.of(), Set.of(), List.of(), false))).isEmpty();
  }

  @Test
  void organizationsByNameAndId() {
    OrganizationSearchService organizations = new OrganizationSearchService(index);

    assertThat(ids(organizations.search(new OrganizationSearchParams(Set.of(), List.of(TextCriterion.startsWith("lambeth"))))))
        .containsExactly("org-lambeth");
    assertThat(ids(organizations.search(new OrganizationSearchParams(Set.of("org-camden"), List.of()))))
        .containsExactly("org-camden");
    assertThat(ids(organizations.search(new OrganizationSearchParams(Set.of(), List.of()))))
        .containsExactly("org-camden", "org-lambeth", "org-southwark");
  }

  @Test
  void postcodeDistrictsResolveDistrictsAndFullPostcodes() {
    PostcodeDistricts districts = PostcodeDistricts.bundled();

    assertThat(districts.centroid("SE15")).hasValueSatisfying(p -> assertThat(p).containsExactly(51.47189, -0.06468));
    assertThat(districts.centroid("se15 5bn")).hasValueSatisfying(p -> assertThat(p).containsExactly(51.47189, -0.06468));
    assertThat(districts.centroid("NW17PX")).hasValueSatisfying(p -> assertThat(p).containsExactly(51.53252, -0.14286));
    assertThat(districts.centroid("ZZ99")).isEmpty();
    assertThat(districts.centroid("not a postcode")).isEmpty();
  }
}
