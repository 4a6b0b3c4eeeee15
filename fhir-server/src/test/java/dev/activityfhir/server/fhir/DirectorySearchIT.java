package dev.activityfhir.server.fhir;

import static dev.activityfhir.server.fhir.DirectoryFixtures.FOOTBALL;
import static dev.activityfhir.server.fhir.DirectoryFixtures.HATHA_YOGA;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.ReferenceClientParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.activityfhir.server.directory.ResourceChanges;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The FHIR API over HTTP, on an index filled through {@code ResourceSink}. */
class DirectorySearchIT {

  @RegisterExtension
  static final FhirServerExtension SERVER = new FhirServerExtension(sink -> sink.apply(DirectoryFixtures.all()));

  @Test
  void pagingFollowsNextLinksInStartOrderWithTotals() {
    IGenericClient client = SERVER.client();
    Bundle page =
        client
            .search()
            .forResource(Slot.class)
            .where(new ReferenceClientParam("schedule").hasId("sch-walking-football"))
            .count(10)
            .returnBundle(Bundle.class)
            .execute();
    List<String> ids = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    while (true) {
      assertThat(page.getTotal()).isEqualTo(25);
      pageSizes.add(page.getEntry().size());
      page.getEntry().forEach(e -> ids.add(e.getResource().getIdElement().getIdPart()));
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        break;
      }
      page = client.loadPage().next(page).execute();
    }
    assertThat(pageSizes).containsExactly(10, 10, 5);
    assertThat(ids).hasSize(25).first().isEqualTo("slot-wf-00");
    assertThat(ids).last().isEqualTo("slot-wf-24");
    assertThat(ids).isSorted();
  }

  @Test
  void defaultPageSizeIsTwentyAndIncludesDoNotShiftPages() {
    JsonPath first = search("Slot?schedule=sch-walking-football&_include=Slot:schedule");
    assertThat(matchIds(first)).hasSize(20);
    assertThat(first.getList("entry.findAll { it.search.mode == 'include' }.resource.id"))
        .containsExactly("sch-walking-football");

    JsonPath second = given().spec(SERVER.spec()).get(nextLink(first)).then().statusCode(200).extract().jsonPath();
    assertThat(matchIds(second))
        .containsExactly("slot-wf-20", "slot-wf-21", "slot-wf-22", "slot-wf-23", "slot-wf-24");
    assertThat(second.getList("link.relation", String.class)).doesNotContain("next");
  }

  @Test
  void locationNearOrdersNearestFirstWithTheDistanceExtension() {
    JsonPath bundle = search("Location?near=51.47|-0.07|10|km");

    assertThat(matchIds(bundle)).containsExactly("loc-peckham", "loc-brixton", "loc-camden");
    assertThat(bundle.getString("entry[0].search.extension[0].url"))
        .isEqualTo("http://hl7.org/fhir/StructureDefinition/location-distance");
    assertThat(bundle.getList("entry.collect { it.search.extension[0].valueDistance.value }", Double.class))
        .containsExactly(0.45, 3.208, 9.172);
    assertThat(bundle.getString("entry[0].search.extension[0].valueDistance.code")).isEqualTo("km");
  }

  @Test
  void linkWorkerQueryNearTypeBelowAndAge() {
    JsonPath bundle =
        search("HealthcareService?location.near=51.47|-0.07|5|km&service-type:below=" + FOOTBALL + "&age=60");

    assertThat(matchIds(bundle)).containsExactly("hs-football", "hs-walking-football");
    assertThat(bundle.getList("entry.collect { it.search.extension[0].valueDistance.value }", Double.class))
        .containsExactly(0.45, 0.45);
  }

  @Test
  void belowFindsNarrowerActivitiesAndPlainTokenDoesNot() {
    assertThat(matchIds(search("HealthcareService?service-type:below=" + FOOTBALL)))
        .containsExactly("hs-football", "hs-walking-football");
    assertThat(matchIds(search("HealthcareService?service-type=" + FOOTBALL))).containsExactly("hs-football");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "HealthcareService?age=8; hs-swim",
        "HealthcareService?gender=female; hs-closed-yoga hs-hatha-yoga hs-walking-football",
        "HealthcareService?gender=male; hs-closed-yoga hs-football hs-walking-football",
        "HealthcareService?day-of-week=tue,sat; hs-football hs-swim",
        "HealthcareService?time-of-day=ge09:00&time-of-day=le12:00; hs-swim hs-walking-football",
        "HealthcareService?time-of-day=19:00; hs-football hs-hatha-yoga",
        "HealthcareService?price=0; hs-hatha-yoga hs-swim",
        "HealthcareService?price=le5; hs-hatha-yoga hs-swim hs-walking-football",
        "HealthcareService?postcode=NW1; hs-closed-yoga hs-swim",
        "HealthcareService?postcode=SE15 5BN|1|km; hs-football hs-walking-football",
        "HealthcareService?service-type:text=yoga; hs-closed-yoga hs-hatha-yoga",
        "HealthcareService?characteristic=https://activityfhir.dev/fhir/CodeSystem/access-feature|wheelchair-accessible;"
            + " hs-walking-football",
        "HealthcareService?active=false; hs-closed-yoga",
        "HealthcareService?organization=Organization/org-camden; hs-closed-yoga hs-swim",
        "HealthcareService?location=loc-brixton; hs-football hs-hatha-yoga",
        "HealthcareService?name=cafe; hs-swim",
        "HealthcareService?_id=hs-swim,hs-football; hs-football hs-swim",
        "HealthcareService?age=30&gender=female&day-of-week=wed&price=0; hs-hatha-yoga",
        "Location?address-postalcode=SW9; loc-brixton",
        "Location?postcode=SE15|1|km; loc-peckham",
        "Location?name=peckham; loc-peckham",
        "Location?_id=loc-nowhere; loc-nowhere",
        "Schedule?actor=Location/loc-brixton; sch-hatha-yoga",
        "Schedule?service-type=" + HATHA_YOGA + "; sch-hatha-yoga",
        "Schedule?active=true; sch-hatha-yoga sch-walking-football",
        "Slot?schedule.actor=HealthcareService/hs-hatha-yoga&status=busy; slot-hy-2",
        "Slot?start=ge2026-01-12&start=lt2026-01-20; slot-wf-01 slot-hy-2 slot-wf-02",
        "Slot?schedule=sch-hatha-yoga&_sort=-start; slot-hy-3 slot-hy-2 slot-hy-1",
        "Slot?service-type:below=" + FOOTBALL + "&start=lt2026-01-13; slot-wf-00 slot-wf-01",
        "Organization?name=lambeth; org-lambeth",
        "Organization?_id=org-camden; org-camden",
      })
  void searchFilters(String query, String expected) {
    assertThat(matchIds(search(query))).containsExactly(expected.trim().split(" "));
  }

  @Test
  void includeAndRevincludeAddResourcesInIncludeMode() {
    JsonPath service =
        search(
            "HealthcareService?_id=hs-walking-football&_include=HealthcareService:location"
                + "&_include=HealthcareService:organization&_revinclude=Schedule:actor");
    assertThat(matchIds(service)).containsExactly("hs-walking-football");
    assertThat(included(service))
        .containsExactlyInAnyOrder("Location/loc-peckham", "Organization/org-southwark", "Schedule/sch-walking-football");
    assertThat(service.getInt("total")).isEqualTo(1);

    JsonPath schedule = search("Schedule?_id=sch-hatha-yoga&_include=Schedule:actor&_revinclude=Slot:schedule");
    assertThat(included(schedule))
        .containsExactlyInAnyOrder(
            "HealthcareService/hs-hatha-yoga", "Location/loc-brixton", "Slot/slot-hy-1", "Slot/slot-hy-2",
            "Slot/slot-hy-3");

    JsonPath location = search("Location?_id=loc-camden&_revinclude=HealthcareService:location");
    assertThat(included(location))
        .containsExactlyInAnyOrder("HealthcareService/hs-closed-yoga", "HealthcareService/hs-swim");
  }

  @Test
  void withdrawnResourceAnswers410AndUnknownOne404() {
    Organization organization = DirectoryFixtures.organization("org-withdrawn", "Withdrawn Leisure");
    SERVER.index().apply(new ResourceChanges(List.of(organization), List.of()));
    IGenericClient client = SERVER.client();
    assertThat(client.read().resource(Organization.class).withId("org-withdrawn").execute().getName())
        .isEqualTo("Withdrawn Leisure");
    assertThat(matchIds(search("Organization?name=withdrawn"))).containsExactly("org-withdrawn");

    SERVER.index().apply(new ResourceChanges(List.of(), List.of("Organization/org-withdrawn")));

    Assertions.assertThatThrownBy(
            () -> client.read().resource(Organization.class).withId("org-withdrawn").execute())
        .isInstanceOf(ResourceGoneException.class);
    Assertions.assertThatThrownBy(() -> client.read().resource(Organization.class).withId("org-never").execute())
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(matchIds(search("Organization?name=withdrawn"))).isEmpty();
    given().spec(SERVER.spec()).get("Organization/org-withdrawn").then().statusCode(410)
        .body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "HealthcareService?colour=red; 'colour'",
        "HealthcareService?name:below=Swim; 'name:below'",
        "HealthcareService?age=abc; 'age'",
        "HealthcareService?location.near=north; 'location.near'",
        "HealthcareService?postcode=XX1 1XX; 'postcode'",
        "HealthcareService?gender=other; 'gender'",
        "HealthcareService?_sort=price; '_sort'",
        "Location?near=51.5|-0.1|5|parsecs; 'near'",
        "Slot?start=yesterday; 'start'",
        "Slot?status=open; 'status'",
        "Organization?_include=Organization:partof; '_include'",
      })
  void unknownOrMalformedParametersAnswer400NamingThem(String query, String named) {
    given()
        .get(SERVER.baseUrl() + "/" + query)
        .then()
        .statusCode(400)
        .body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"))
        .body("issue[0].severity", org.hamcrest.Matchers.equalTo("error"))
        .body("issue[0].diagnostics", org.hamcrest.Matchers.containsString(named));
  }

  @Test
  void disallowedIncludeIsRejected() {
    given().spec(SERVER.spec()).get("HealthcareService?_include=HealthcareService:endpoint").then().statusCode(400);
  }

  @Test
  void readAnswersXmlAndJsonWithETag() {
    String xml =
        given()
            .spec(SERVER.spec())
            .header("Accept", "application/fhir+xml")
            .get("HealthcareService/hs-swim")
            .then()
            .statusCode(200)
            .contentType(org.hamcrest.Matchers.startsWith("application/fhir+xml"))
            .header("ETag", "W/\"1\"")
            .extract()
            .asString();
    assertThat(xml).contains("<name value=\"Café Swim Club\"/>").contains("<versionId value=\"1\"/>");

    HealthcareService json = SERVER.client().read().resource(HealthcareService.class).withId("hs-swim").execute();
    assertThat(json.getName()).isEqualTo("Café Swim Club");
    assertThat(json.getMeta().getVersionId()).isEqualTo("1");

    String searchXml = given().spec(SERVER.spec()).get("Location?_id=loc-camden&_format=xml").then().statusCode(200)
        .extract().asString();
    assertThat(searchXml).contains("<Bundle").contains("<id value=\"loc-camden\"/>");
  }

  @Test
  void repeatedRequestsAreServedFromTheCacheUntilTheIndexChanges() {
    String first = given().get(SERVER.baseUrl() + "/Location/loc-nowhere").then().statusCode(200)
        .header("ETag", "W/\"1\"").extract().asString();
    String second = given().get(SERVER.baseUrl() + "/Location/loc-nowhere").then().statusCode(200)
        .header("ETag", "W/\"1\"").extract().asString();
    assertThat(second).isEqualTo(first).contains("Mobile Coach");
    // A response is kept from the second asking on: the third gets the second's bytes (Bundle id and time too).
    search("Location?name=mobile");
    JsonPath search = search("Location?name=mobile");
    assertThat(search("Location?name=mobile").prettify()).isEqualTo(search.prettify());

    SERVER.index().apply(new ResourceChanges(
        List.of(DirectoryFixtures.location("loc-nowhere", "Mobile Coach Van", "E1 6AN", null, null)), List.of()));

    given().get(SERVER.baseUrl() + "/Location/loc-nowhere").then().statusCode(200)
        .header("ETag", "W/\"2\"")
        .body("name", org.hamcrest.Matchers.equalTo("Mobile Coach Van"));
    assertThat(search("Location?name=mobile").getString("entry[0].resource.name")).isEqualTo("Mobile Coach Van");
    given().header("If-None-Match", "W/\"2\"").get(SERVER.baseUrl() + "/Location/loc-nowhere").then().statusCode(304);
  }

  @Test
  void activityCodeSystemCanBeRead() {
    given().get(SERVER.baseUrl() + "/CodeSystem/activity-list").then().statusCode(200)
        .body("url", org.hamcrest.Matchers.equalTo("https://openactive.io/activity-list"))
        .body("concept.display", org.hamcrest.Matchers.hasItems("Football", "Walking Football"));
    given().get(SERVER.baseUrl() + "/CodeSystem/other").then().statusCode(404);
  }

  @Test
  void summaryCountTotalAndElements() {
    JsonPath count = search("HealthcareService?_summary=count&active=true");
    assertThat(count.getInt("total")).isEqualTo(4);
    assertThat(count.getList("entry")).isNull();

    JsonPath elements = search("HealthcareService?_id=hs-swim&_elements=name");
    assertThat(elements.getString("entry[0].resource.name")).isEqualTo("Café Swim Club");
    assertThat(elements.getList("entry[0].resource.type")).isNull();
  }

  @Test
  void metadataDescribesTheServer() {
    CapabilityStatement statement = SERVER.client().capabilities().ofType(CapabilityStatement.class).execute();
    Map<String, CapabilityStatementRestResourceComponent> resources =
        statement.getRestFirstRep().getResource().stream()
            .collect(Collectors.toMap(CapabilityStatementRestResourceComponent::getType, r -> r));

    assertThat(resources.keySet())
        .containsExactlyInAnyOrder(
            "HealthcareService", "Location", "Schedule", "Slot", "Organization", "CodeSystem", "ValueSet",
            "StructureDefinition", "SearchParameter", "ImplementationGuide");
    assertThat(statement.getInstantiates())
        .extracting(c -> c.getValue())
        .containsExactly("https://activityfhir.dev/fhir/CapabilityStatement/activity-fhir-server");
    assertThat(resources.get("HealthcareService").getSupportedProfile())
        .extracting(c -> c.getValue())
        .containsExactly("https://activityfhir.dev/fhir/StructureDefinition/activity-healthcareservice");
    assertThat(resources.get("CodeSystem").getInteraction())
        .extracting(i -> i.getCode().toCode())
        .containsExactlyInAnyOrder("read", "search-type");
    assertThat(names(resources.get("CodeSystem"))).containsExactlyInAnyOrder("url", "name", "version");
    assertThat(resources.get("ValueSet").getOperation())
        .extracting(o -> o.getName() + " " + o.getDefinition())
        .containsExactlyInAnyOrder(
            "expand http://hl7.org/fhir/OperationDefinition/ValueSet-expand",
            "validate-code http://hl7.org/fhir/OperationDefinition/ValueSet-validate-code");
    // Each directory type's parameters, includes and reverse includes are the package's:
    // CapabilityStatementBehaviourIT.metadataDeclaresWhatThePackageDeclares.
    assertThat(param(resources.get("HealthcareService"), "age").getDefinition())
        .isEqualTo("https://activityfhir.dev/fhir/SearchParameter/healthcareservice-age");
    assertThat(param(resources.get("HealthcareService"), "location").getDocumentation()).contains("location.near");
    assertThat(resources.get("Slot").getInteraction())
        .extracting(i -> i.getCode().toCode())
        .containsExactlyInAnyOrder("read", "search-type", "history-type");
  }

  @Test
  void answers503UntilReadyExceptMetadata() {
    SERVER.setReady(false);
    try {
      given().spec(SERVER.spec()).get("HealthcareService").then().statusCode(503)
          .header("Retry-After", "5")
          .body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"));
      given().spec(SERVER.spec()).get("metadata").then().statusCode(200);
    } finally {
      SERVER.setReady(true);
    }
    given().spec(SERVER.spec()).get("HealthcareService").then().statusCode(200);
  }

  private static JsonPath search(String query) {
    return given().get(SERVER.baseUrl() + "/" + query).then().statusCode(200).extract().jsonPath();
  }

  private static List<String> matchIds(JsonPath bundle) {
    List<String> ids = bundle.getList("entry.findAll { it.search.mode == 'match' }.resource.id", String.class);
    return ids == null ? List.of() : ids;
  }

  private static List<String> included(JsonPath bundle) {
    List<Map<String, Object>> resources = bundle.getList("entry.findAll { it.search.mode == 'include' }.resource");
    return resources.stream().map(r -> r.get("resourceType") + "/" + r.get("id")).toList();
  }

  private static String nextLink(JsonPath bundle) {
    return bundle.getString("link.find { it.relation == 'next' }.url");
  }

  private static List<String> names(CapabilityStatementRestResourceComponent resource) {
    return resource.getSearchParam().stream().map(CapabilityStatementRestResourceSearchParamComponent::getName).toList();
  }

  private static CapabilityStatementRestResourceSearchParamComponent param(
      CapabilityStatementRestResourceComponent resource, String name) {
    return resource.getSearchParam().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void distanceValuesAreKilometresRoundedToMetres() {
    JsonPath bundle = search("HealthcareService?postcode=SE15");
    assertThat(bundle.getDouble("entry[0].search.extension[0].valueDistance.value")).isCloseTo(0.38, within(0.001));
  }
}
