package dev.activityfhir.server.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "What's on next week with places left", with the sessions themselves: a HealthcareService search with
 * {@code available} reverse-includes, through the services' Schedules, only the free Slots in that range
 * ({@code _revinclude=Slot:schedule}); without {@code available}, every Slot of their Schedules. On the fixture
 * directory: walking football weekly from Monday 5 January 2026 (all free), hatha yoga on the 7th (free), 14th
 * (busy) and 21st (busy-unavailable).
 */
class AvailabilityRevincludeIT {

  @RegisterExtension
  static final FhirServerExtension SERVER = new FhirServerExtension(sink -> sink.apply(DirectoryFixtures.all()));

  @Test
  void theSlotsIncludedAreTheFreeOnesInTheRange() {
    JsonPath page =
        search(
            "HealthcareService?available=ge2026-01-05&available=lt2026-01-20&_revinclude=Schedule:actor"
                + "&_revinclude=Slot:schedule");

    assertThat(ids(page, "match", "HealthcareService"))
        .containsExactlyInAnyOrder("hs-hatha-yoga", "hs-walking-football");
    assertThat(ids(page, "include", "Schedule")).containsExactlyInAnyOrder("sch-hatha-yoga", "sch-walking-football");
    assertThat(ids(page, "include", "Slot"))
        .containsExactlyInAnyOrder("slot-hy-1", "slot-wf-00", "slot-wf-01", "slot-wf-02");
    assertThat(page.getInt("total")).isEqualTo(2);
  }

  @Test
  void aNarrowerRangeIncludesFewerSlotsSoonestFirst() {
    JsonPath page =
        search(
            "HealthcareService?_id=hs-walking-football&available=ge2026-01-13&available=le2026-02-03"
                + "&_revinclude=Slot:schedule");

    assertThat(ids(page, "match", "HealthcareService")).containsExactly("hs-walking-football");
    assertThat(ids(page, "include", "Slot")).containsExactly("slot-wf-02", "slot-wf-03", "slot-wf-04");
    assertThat(ids(page, "include", "Schedule")).isEmpty();
  }

  @Test
  void withoutAvailableEverySlotOfTheServicesSchedulesIsIncluded() {
    JsonPath yoga = search("HealthcareService?_id=hs-hatha-yoga&_revinclude=Slot:schedule");
    assertThat(ids(yoga, "include", "Slot")).containsExactly("slot-hy-1", "slot-hy-2", "slot-hy-3");

    JsonPath football = search("HealthcareService?_id=hs-walking-football&_revinclude=Slot:schedule");
    assertThat(ids(football, "include", "Slot")).hasSize(DirectoryFixtures.WALKING_FOOTBALL_SLOTS);
  }

  @Test
  void aBusyOnlyRangeMatchesNothingAndIncludesNothing() {
    JsonPath page =
        search("HealthcareService?_id=hs-hatha-yoga&available=ge2026-01-13&_revinclude=Slot:schedule");
    assertThat(page.getInt("total")).isZero();
    assertThat(page.getList("entry")).isNull();
  }

  private static JsonPath search(String query) {
    return given().get(SERVER.baseUrl() + "/" + query).then().log().ifValidationFails().statusCode(200).extract()
        .jsonPath();
  }

  private static List<String> ids(JsonPath page, String mode, String type) {
    return page.getList(
        "entry.findAll { it.search.mode == '" + mode + "' && it.resource.resourceType == '" + type
            + "' }.resource.id",
        String.class);
  }
}
