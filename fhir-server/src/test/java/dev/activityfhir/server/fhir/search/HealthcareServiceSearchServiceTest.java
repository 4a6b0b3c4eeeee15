package dev.activityfhir.server.fhir.search;

import static dev.activityfhir.server.fhir.DirectoryFixtures.FOOTBALL;
import static dev.activityfhir.server.fhir.DirectoryFixtures.HATHA_YOGA;
import static dev.activityfhir.server.fhir.DirectoryFixtures.SWIMMING;
import static dev.activityfhir.server.fhir.DirectoryFixtures.WALKING_FOOTBALL;
import static dev.activityfhir.server.fhir.search.SearchFixtures.activity;
import static dev.activityfhir.server.fhir.search.SearchFixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.activityfhir.server.directory.ResourceChanges;
import dev.activityfhir.server.fhir.DirectoryFixtures;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class HealthcareServiceSearchServiceTest {

  private final HealthcareServiceSearchService service =
      new HealthcareServiceSearchService(SearchFixtures.index());

  private static HealthcareServiceSearchParams params(
      List<List<TokenCriterion>> types, @Nullable Near near, @Nullable Integer age) {
    return new HealthcareServiceSearchParams(
        Set.of(), List.of(), types, List.of(), Set.of(), Set.of(), null, List.of(), near, age, null, 0, List.of(),
        List.of(), List.of());
  }

  @Test
  void withoutCriteriaEveryServiceById() {
    assertThat(ids(service.search(HealthcareServiceSearchParams.any())))
        .containsExactly("hs-closed-yoga", "hs-football", "hs-hatha-yoga", "hs-swim", "hs-walking-football");
  }

  @Test
  void linkWorkerQueryNearTypeAndAge() {
    // Football or walking football (as :below expands it), near Peckham, for a 60-year-old.
    List<Hit> hits =
        service.search(
            params(List.of(List.of(activity(FOOTBALL), activity(WALKING_FOOTBALL))), new Near(51.47, -0.07, 5), 60));

    assertThat(ids(hits)).containsExactly("hs-football", "hs-walking-football");
    assertThat(hits.get(0).distanceKm()).isCloseTo(0.450, within(0.001));
  }

  @Test
  void nearUsesTheNearestOfAServicesLocations() {
    List<Hit> hits = service.search(params(List.of(), new Near(51.46, -0.10, 2), null));

    // hs-football is at Peckham (2.652 km) and Brixton (1.029 km): it counts at Brixton's distance.
    assertThat(ids(hits)).containsExactly("hs-football", "hs-hatha-yoga");
    assertThat(hits.get(0).distanceKm()).isCloseTo(1.029, within(0.001));
    assertThat(hits.get(1).distanceKm()).isCloseTo(1.029, within(0.001));
  }

  @Test
  void ageIsWithinTheEligibleRange() {
    assertThat(ids(service.search(params(List.of(), null, 8)))).containsExactly("hs-swim");
    assertThat(ids(service.search(params(List.of(), null, 17)))).containsExactly("hs-football");
    assertThat(ids(service.search(params(List.of(), null, 55))))
        .containsExactly("hs-closed-yoga", "hs-football", "hs-hatha-yoga", "hs-walking-football");
  }

  @Test
  void genderKeepsOpenAndMatchingRestrictionsAndDropsUnknown() {
    assertThat(ids(service.search(with(HealthcareServiceSearchParams.any(), "female", 0, List.of(), List.of()))))
        .containsExactly("hs-closed-yoga", "hs-hatha-yoga", "hs-walking-football");
    assertThat(ids(service.search(with(HealthcareServiceSearchParams.any(), "male", 0, List.of(), List.of()))))
        .containsExactly("hs-closed-yoga", "hs-football", "hs-walking-football");
  }

  @Test
  void dayOfWeekIsAnyOfTheDays() {
    int tueOrSat = 1 << 1 | 1 << 5;
    assertThat(ids(service.search(with(HealthcareServiceSearchParams.any(), null, tueOrSat, List.of(), List.of()))))
        .containsExactly("hs-football", "hs-swim");
  }

  @Test
  void timeOfDayWindowAndPointInTime() {
    List<TimeOfDayCriterion> morning =
        List.of(
            new TimeOfDayCriterion(TimeOfDayCriterion.Prefix.GE, 9 * 60),
            new TimeOfDayCriterion(TimeOfDayCriterion.Prefix.LE, 12 * 60));
    assertThat(ids(service.search(with(HealthcareServiceSearchParams.any(), null, 0, morning, List.of()))))
        .containsExactly("hs-swim", "hs-walking-football");
    List<TimeOfDayCriterion> at19 = List.of(new TimeOfDayCriterion(TimeOfDayCriterion.Prefix.EQ, 19 * 60));
    assertThat(ids(service.search(with(HealthcareServiceSearchParams.any(), null, 0, at19, List.of()))))
        .containsExactly("hs-football", "hs-hatha-yoga");
    // Morning on a Monday only: the Saturday swim drops out.
    assertThat(ids(service.search(with(HealthcareServiceSearchParams.any(), null, 1, morning, List.of()))))
        .containsExactly("hs-walking-football");
  }

  @Test
  void priceMatchesAnyOffer() {
    List<NumberCriterion> free = List.of(new NumberCriterion(NumberCriterion.Prefix.EQ, 0));
    assertThat(ids(service.search(with(HealthcareServiceSearchParams.any(), null, 0, List.of(), free))))
        .containsExactly("hs-hatha-yoga", "hs-swim");
    List<NumberCriterion> upTo5 = List.of(new NumberCriterion(NumberCriterion.Prefix.LE, 5));
    assertThat(ids(service.search(with(HealthcareServiceSearchParams.any(), null, 0, List.of(), upTo5))))
        .containsExactly("hs-hatha-yoga", "hs-swim", "hs-walking-football");
    List<NumberCriterion> between =
        List.of(
            new NumberCriterion(NumberCriterion.Prefix.GT, 0), new NumberCriterion(NumberCriterion.Prefix.LT, 6));
    assertThat(ids(service.search(with(HealthcareServiceSearchParams.any(), null, 0, List.of(), between))))
        .containsExactly("hs-hatha-yoga", "hs-walking-football");
  }

  @Test
  void textNameLocationOrganizationActiveCharacteristic() {
    HealthcareServiceSearchParams any = HealthcareServiceSearchParams.any();
    assertThat(ids(service.search(copy(any, List.of(TextCriterion.startsWith("cafe swim")), List.of(), Set.of(), Set.of(), null, List.of()))))
        .containsExactly("hs-swim");
    assertThat(ids(service.search(copy(any, List.of(), List.of("yoga"), Set.of(), Set.of(), null, List.of()))))
        .containsExactly("hs-closed-yoga", "hs-hatha-yoga");
    assertThat(
            ids(service.search(copy(any, List.of(), List.of(), Set.of("loc-brixton"), Set.of(), null, List.of()))))
        .containsExactly("hs-football", "hs-hatha-yoga");
    assertThat(
            ids(service.search(copy(any, List.of(), List.of(), Set.of(), Set.of("org-camden"), null, List.of()))))
        .containsExactly("hs-closed-yoga", "hs-swim");
    assertThat(ids(service.search(copy(any, List.of(), List.of(), Set.of(), Set.of(), false, List.of()))))
        .containsExactly("hs-closed-yoga");
    List<List<TokenCriterion>> wheelchair =
        List.of(List.of(new TokenCriterion(DirectoryFixtures.ACCESS_FEATURE, "wheelchair-accessible")));
    assertThat(ids(service.search(copy(any, List.of(), List.of(), Set.of(), Set.of(), null, wheelchair))))
        .containsExactly("hs-walking-football");
  }

  @Test
  void serviceTypeGroupsAreAndOfOr() {
    assertThat(ids(service.search(params(List.of(List.of(activity(HATHA_YOGA))), null, null))))
        .containsExactly("hs-hatha-yoga");
    assertThat(
            ids(service.search(
                params(List.of(List.of(activity(HATHA_YOGA)), List.of(activity(FOOTBALL))), null, null))))
        .isEmpty();
  }

  private static HealthcareServiceSearchParams with(
      HealthcareServiceSearchParams p,
      @Nullable String gender,
      int days,
      List<TimeOfDayCriterion> times,
      List<NumberCriterion> prices) {
    return new HealthcareServiceSearchParams(
        p.ids(), p.names(), p.serviceTypes(), p.serviceTypeTexts(), p.locationIds(), p.organizationIds(),
        p.active(), p.characteristics(), p.near(), p.age(), gender, days, times, prices, p.available());
  }

  private static HealthcareServiceSearchParams copy(
      HealthcareServiceSearchParams p,
      List<TextCriterion> names,
      List<String> texts,
      Set<String> locations,
      Set<String> organizations,
      @Nullable Boolean active,
      List<List<TokenCriterion>> characteristics) {
    return new HealthcareServiceSearchParams(
        p.ids(), names, p.serviceTypes(), texts, locations, organizations, active, characteristics, p.near(),
        p.age(), p.gender(), p.dayMask(), p.timesOfDay(), p.prices(), p.available());
  }

  @Test
  void searchesByActivitySeeServicesRecodedAddedAndDeletedSinceAnEarlierOne() {
    ResourceIndex index = SearchFixtures.index();
    HealthcareServiceSearchService services = new HealthcareServiceSearchService(index);
    List<List<TokenCriterion>> yoga = List.of(List.of(activity(HATHA_YOGA)));
    assertThat(ids(services.search(params(yoga, null, null)))).containsExactly("hs-hatha-yoga");
    assertThat(ids(services.search(params(yoga, new Near(51.47, -0.07, 30), null)))).containsExactly("hs-hatha-yoga");

    index.apply(
        new ResourceChanges(
            List.of(
                DirectoryFixtures.service("hs-swim", "Yoga Swim", HATHA_YOGA, "Hatha Yoga", List.of("loc-camden"),
                    "org-camden", 5, 11, null),
                DirectoryFixtures.service("hs-new", "New Yoga", HATHA_YOGA, "Hatha Yoga", List.of("loc-peckham"),
                    "org-southwark", 18, null, "NoRestriction")),
            List.of("HealthcareService/hs-hatha-yoga")));

    assertThat(ids(services.search(params(yoga, null, null)))).containsExactly("hs-new", "hs-swim");
    assertThat(ids(services.search(params(yoga, new Near(51.47, -0.07, 30), null))))
        .containsExactly("hs-new", "hs-swim");
    assertThat(ids(services.search(params(List.of(List.of(activity(SWIMMING))), null, null)))).isEmpty();
  }
}
