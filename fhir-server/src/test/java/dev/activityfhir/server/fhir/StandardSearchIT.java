package dev.activityfhir.server.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.server.directory.ResourceChanges;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.hamcrest.Matchers;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The standard search parameters every directory type answers ({@code _lastUpdated}, {@code _id} lists,
 * {@code _sort}), over HTTP on the fixture directory plus two Organizations updated at known instants.
 */
class StandardSearchIT {

  @RegisterExtension
  static final FhirServerExtension SERVER =
      new FhirServerExtension(
          sink -> {
            sink.apply(DirectoryFixtures.all());
            sink.apply(
                new ResourceChanges(
                    List.<Resource>of(
                        dated("org-dated-a", "Archway Sports", "2024-05-06T12:00:00Z"),
                        dated("org-dated-b", "Zed Leisure", "2024-08-01T08:00:00Z")),
                    List.of()));
          });

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "Organization?_lastUpdated=2024-05-06; org-dated-a",
        "Organization?_lastUpdated=ge2024-01-01&_lastUpdated=lt2025-01-01; org-dated-a org-dated-b",
        "Organization?_lastUpdated=gt2024-05-06T12:00:00Z&_lastUpdated=lt2025; org-dated-b",
        "Organization?_lastUpdated=le2024-05-06T12:00:00Z; org-dated-a",
        "Organization?_lastUpdated=lt2024-05-06T12:00:00Z;",
        "Organization?_lastUpdated=eb2024-06&_lastUpdated=sa2023; org-dated-a",
        "Organization?_lastUpdated=ne2024-05-06&_lastUpdated=lt2025; org-dated-b",
        "Organization?_lastUpdated=ap2024-08-01T08:30:00Z; org-dated-b",
        "HealthcareService?_lastUpdated=2025-11-02&active=false; hs-closed-yoga",
        "HealthcareService?_lastUpdated=lt2025-11-02;",
        "Location?_lastUpdated=2025-11-01T09:00:00Z&name=peckham; loc-peckham",
        "Location?_lastUpdated=gt2025-11-01;",
        "Schedule?_lastUpdated=gt2025-12-01; sch-hatha-yoga sch-walking-football",
        "Slot?_lastUpdated=lt2025-01-01&schedule=sch-hatha-yoga;",
        "Slot?_lastUpdated=ge2025-01-01&schedule=sch-hatha-yoga; slot-hy-1 slot-hy-2 slot-hy-3",
        "Location?_id=loc-peckham,loc-camden; loc-camden loc-peckham",
        "Schedule?_id=sch-hatha-yoga,sch-nothing; sch-hatha-yoga",
        "Slot?_id=slot-hy-3,slot-hy-1; slot-hy-1 slot-hy-3",
        "Organization?_id=org-lambeth,org-camden; org-camden org-lambeth",
        "Organization?_sort=name; org-dated-a org-camden org-lambeth org-southwark org-dated-b",
        "Organization?_sort=-_lastUpdated&_lastUpdated=lt2025; org-dated-b org-dated-a",
        "Location?_sort=-name; loc-peckham loc-nowhere loc-camden loc-brixton",
        "HealthcareService?_sort=name&active=true; hs-swim hs-football hs-hatha-yoga hs-walking-football",
        "HealthcareService?postcode=SE15 5BN|1|km; hs-football hs-walking-football",
        "HealthcareService?postcode=SE15 5BN|1|km&_sort=-name; hs-walking-football hs-football",
        "Location?_sort=-_lastUpdated&_id=loc-peckham,loc-camden; loc-camden loc-peckham",
        "HealthcareService?available=ge2026-01-06&available=lt2026-01-13; hs-hatha-yoga hs-walking-football",
        "HealthcareService?available=ge2026-01-14&available=le2026-01-19; hs-walking-football",
        "HealthcareService?available=2026-01-14;",
        "HealthcareService?postcode=SE15 5BN|1|km&available=ge2026-01-06&available=lt2026-01-13; hs-walking-football",
        "HealthcareService?name:exact=Café Swim Club; hs-swim",
        "HealthcareService?name:exact=cafe swim club;",
        "HealthcareService?name:exact=Café Swim;",
        "HealthcareService?name:contains=yoga; hs-closed-yoga hs-hatha-yoga",
        "HealthcareService?name:contains=swim&_sort=name; hs-swim",
        "Location?name:contains=centre; loc-brixton loc-camden",
        "Organization?name:contains=leisure; org-dated-b org-southwark",
        "Organization?name:exact=Lambeth Active,Zed Leisure; org-dated-b org-lambeth",
        "Location?address-postalcode:exact=SE15 5BN; loc-peckham",
        "Location?address-postalcode:exact=SE15;",
        "Location?address-postalcode:contains=8QQ; loc-brixton",
      })
  void standardParametersOnEveryType(String query, String expected) {
    assertThat(matchIds(search(query)))
        .containsExactly(expected == null ? new String[0] : expected.trim().split(" "));
  }

  @Test
  void totalAndSummaryModes() {
    assertThat(search("HealthcareService?active=true&_total=accurate").getInt("total")).isEqualTo(4);
    JsonPath none = search("HealthcareService?active=true&_total=none&_count=2");
    assertThat(none.getString("total")).isNull();
    assertThat(matchIds(none)).containsExactly("hs-football", "hs-hatha-yoga");
    assertThat(none.getString("link.find { it.relation == 'next' }.url")).isNotNull();
    assertThat(search("HealthcareService?active=true&_summary=count&_total=none").getInt("total")).isEqualTo(4);

    JsonPath summary = search("HealthcareService?_id=hs-swim&_summary=true");
    assertThat(summary.getString("entry[0].resource.name")).isEqualTo("Café Swim Club");
    assertThat(summary.getList("entry[0].resource.availableTime")).isNull();
    assertThat(summary.getList("entry[0].resource.meta.tag.code", String.class)).contains("SUBSETTED");

    JsonPath data = search("HealthcareService?_id=hs-swim&_summary=data");
    assertThat(data.getList("entry[0].resource.availableTime")).isNotEmpty();
    assertThat(data.getString("entry[0].resource.text")).isNull();

    JsonPath text = search("Organization?_id=org-camden&_summary=text");
    assertThat(text.getString("entry[0].resource.id")).isEqualTo("org-camden");
    assertThat(text.getString("entry[0].resource.name")).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "Organization?_lastUpdated=yesterday; _lastUpdated",
        "Organization?_lastUpdated=2024,2025; _lastUpdated",
        "Organization?_sort=colour; _sort",
        "Schedule?_sort=name; _sort",
        "Slot?_sort=name; _sort",
        "Location?_sort=name,_lastUpdated; _sort",
        "Location?name:below=peckham; name:below",
        "Slot?status:contains=free; status:contains",
      })
  void invalidValuesAnswer400NamingTheParameter(String query, String named) {
    given()
        .get(SERVER.baseUrl() + "/" + query)
        .then()
        .statusCode(400)
        .body("resourceType", Matchers.equalTo("OperationOutcome"))
        .body("issue[0].diagnostics", Matchers.containsString("'" + named + "'"));
  }

  static Organization dated(String id, String name, String lastUpdated) {
    Organization organization = DirectoryFixtures.organization(id, name);
    organization.getMeta().setLastUpdated(Date.from(Instant.parse(lastUpdated)));
    return organization;
  }

  static JsonPath search(String query) {
    return given().get(SERVER.baseUrl() + "/" + query).then().statusCode(200).extract().jsonPath();
  }

  static List<String> matchIds(JsonPath bundle) {
    List<String> ids = bundle.getList("entry.findAll { it.search.mode == 'match' }.resource.id", String.class);
    return ids == null ? List.of() : ids;
  }
}
