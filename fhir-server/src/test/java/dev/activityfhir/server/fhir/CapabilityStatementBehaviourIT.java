package dev.activityfhir.server.fhir;

import static dev.activityfhir.server.fhir.DirectoryFixtures.ACCESS_FEATURE;
import static dev.activityfhir.server.fhir.DirectoryFixtures.ACTIVITY;
import static dev.activityfhir.server.fhir.DirectoryFixtures.FOOTBALL;
import static dev.activityfhir.server.fhir.DirectoryFixtures.HATHA_YOGA;
import static dev.activityfhir.server.fhir.DirectoryFixtures.SWIMMING;
import static dev.activityfhir.server.fhir.DirectoryFixtures.WALKING_FOOTBALL;
import static dev.activityfhir.server.fhir.DirectoryFixtures.YOGA;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.conformance.ConformanceResources;
import dev.activityfhir.mapping.AttendanceMode;
import dev.activityfhir.server.directory.ResourceChanges;
import dev.activityfhir.server.fhir.search.DeclaredSearches;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.SearchParameter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Holds the CapabilityStatement to behaviour, over HTTP: every search parameter, modifier, chain, {@code _include},
 * {@code _revinclude} and {@code _has} that {@code /metadata} declares for a directory type (read from the FHIR
 * package, as the server reads it) is asked with a known answer on the fixture directory, and must have one here;
 * every undeclared one answers 400 naming it, or, under {@code Prefer: handling=lenient}, is ignored and reported.
 * Every operation {@code /metadata} declares is asked too.
 */
class CapabilityStatementBehaviourIT {

  private static final DeclaredSearches DECLARED =
      DeclaredSearches.of(ConformanceResources.bundled(), RequestGuardInterceptor.DIRECTORY_TYPES);

  @RegisterExtension
  static final FhirServerExtension SERVER =
      new FhirServerExtension(
          sink -> {
            sink.apply(DirectoryFixtures.all());
            sink.apply(
                new ResourceChanges(
                    List.of(onlineService(), virtualLocation(), datedOrganization()), List.of()));
          });

  /**
   * One case per declared name ({@code Type?code}, {@code Type?code:modifier}, {@code Type?code.chain}, {@code
   * Type?_include=value}, {@code Type?_revinclude=value}, {@code Type?_has:Source:reference}): the query, and the
   * ids it finds (matches, then included resources as {@code Type/id}), in order.
   */
  private static final Map<String, Case> CASES = new LinkedHashMap<>();

  static {
    String free = ACTIVITY + "|";
    // HealthcareService (hs-online: no Location, Organization or price; can be attended online)
    add("HealthcareService?_id", "_id=hs-swim", "hs-swim");
    add("HealthcareService?_lastUpdated", "_lastUpdated=2025-11-02&name=café", "hs-swim");
    add("HealthcareService?name", "name=café", "hs-swim");
    add("HealthcareService?name:exact", "name:exact=Café Swim Club", "hs-swim");
    add("HealthcareService?name:contains", "name:contains=yoga", "hs-closed-yoga hs-hatha-yoga hs-online");
    add("HealthcareService?service-type", "service-type=" + free + FOOTBALL, "hs-football");
    add("HealthcareService?service-type:below", "service-type:below=" + free + FOOTBALL,
        "hs-football hs-walking-football");
    add("HealthcareService?service-type:text", "service-type:text=walking", "hs-walking-football");
    add("HealthcareService?service-type:not", "service-type:not=" + free + YOGA,
        "hs-football hs-hatha-yoga hs-swim hs-walking-football");
    add("HealthcareService?location", "location=Location/loc-camden", "hs-closed-yoga hs-swim");
    add("HealthcareService?location:missing", "location:missing=true", "hs-online");
    add("HealthcareService?location.near", "location.near=51.474|-0.069|0.5|km", "hs-football hs-walking-football");
    add("HealthcareService?organization", "organization=Organization/org-lambeth", "hs-hatha-yoga");
    add("HealthcareService?organization:missing", "organization:missing=true", "hs-online");
    add("HealthcareService?active", "active=false", "hs-closed-yoga");
    add("HealthcareService?active:not", "active:not=true", "hs-closed-yoga");
    add("HealthcareService?characteristic", "characteristic=" + ACCESS_FEATURE + "|wheelchair-accessible",
        "hs-walking-football");
    add("HealthcareService?characteristic:not", "characteristic:not=" + ACCESS_FEATURE + "|wheelchair-accessible",
        "hs-closed-yoga hs-football hs-hatha-yoga hs-online hs-swim");
    add("HealthcareService?age", "age=8", "hs-swim");
    add("HealthcareService?gender", "gender=female&service-type:below=" + free + YOGA,
        "hs-closed-yoga hs-hatha-yoga");
    add("HealthcareService?day-of-week", "day-of-week=sat", "hs-swim");
    add("HealthcareService?time-of-day", "time-of-day=ge18:00", "hs-football hs-hatha-yoga");
    add("HealthcareService?price", "price=0", "hs-hatha-yoga hs-swim");
    add("HealthcareService?price:missing", "price:missing=true", "hs-closed-yoga hs-online");
    add("HealthcareService?postcode", "postcode=SE15 5BN|1|km", "hs-football hs-walking-football");
    add("HealthcareService?attendance", "attendance=online", "hs-online");
    add("HealthcareService?available", "available=ge2026-01-14&available=le2026-01-19", "hs-walking-football");
    add("HealthcareService?_include=HealthcareService:location", "_id=hs-swim&_include=HealthcareService:location",
        "hs-swim Location/loc-camden");
    add("HealthcareService?_include=HealthcareService:organization",
        "_id=hs-swim&_include=HealthcareService:organization", "hs-swim Organization/org-camden");
    add("HealthcareService?_revinclude=Schedule:actor", "_id=hs-hatha-yoga&_revinclude=Schedule:actor",
        "hs-hatha-yoga Schedule/sch-hatha-yoga");
    add("HealthcareService?_revinclude=Slot:schedule", "_id=hs-hatha-yoga&_revinclude=Slot:schedule",
        "hs-hatha-yoga Slot/slot-hy-1 Slot/slot-hy-2 Slot/slot-hy-3");
    add("HealthcareService?_has:Schedule:actor", "_has:Schedule:actor:service-type=" + free + HATHA_YOGA,
        "hs-hatha-yoga");
    // Location (loc-virtual: no postcode)
    add("Location?_id", "_id=loc-camden", "loc-camden");
    add("Location?_lastUpdated", "_lastUpdated=2025-11-01T09:00:00Z&name=peckham", "loc-peckham");
    add("Location?name", "name=camden", "loc-camden");
    add("Location?name:exact", "name:exact=Peckham Pulse", "loc-peckham");
    add("Location?name:contains", "name:contains=centre", "loc-brixton loc-camden");
    add("Location?address-postalcode", "address-postalcode=se15", "loc-peckham");
    add("Location?address-postalcode:exact", "address-postalcode:exact=SE15 5BN", "loc-peckham");
    add("Location?address-postalcode:contains", "address-postalcode:contains=8QQ", "loc-brixton");
    add("Location?address-postalcode:missing", "address-postalcode:missing=true", "loc-virtual");
    add("Location?near", "near=51.474|-0.069|1|km", "loc-peckham");
    add("Location?postcode", "postcode=SE15 5BN|1|km", "loc-peckham");
    add("Location?_revinclude=HealthcareService:location", "_id=loc-camden&_revinclude=HealthcareService:location",
        "loc-camden HealthcareService/hs-closed-yoga HealthcareService/hs-swim");
    add("Location?_revinclude=Schedule:actor", "_id=loc-brixton&_revinclude=Schedule:actor",
        "loc-brixton Schedule/sch-hatha-yoga");
    add("Location?_has:HealthcareService:location", "_has:HealthcareService:location:service-type=" + free + SWIMMING,
        "loc-camden");
    add("Location?_has:Schedule:actor", "_has:Schedule:actor:_id=sch-walking-football", "loc-peckham");
    // Organization
    add("Organization?_id", "_id=org-lambeth", "org-lambeth");
    add("Organization?_lastUpdated", "_lastUpdated=2024-05-06", "org-dated");
    add("Organization?name", "name=lambeth", "org-lambeth");
    add("Organization?name:exact", "name:exact=Lambeth Active", "org-lambeth");
    add("Organization?name:contains", "name:contains=council", "org-camden");
    // Schedule
    add("Schedule?_id", "_id=sch-hatha-yoga", "sch-hatha-yoga");
    add("Schedule?_lastUpdated", "_lastUpdated=gt2025-12-01&_id=sch-hatha-yoga", "sch-hatha-yoga");
    add("Schedule?actor", "actor=HealthcareService/hs-hatha-yoga", "sch-hatha-yoga");
    add("Schedule?service-type", "service-type=" + free + WALKING_FOOTBALL, "sch-walking-football");
    add("Schedule?service-type:below", "service-type:below=" + free + YOGA, "sch-hatha-yoga");
    add("Schedule?service-type:not", "service-type:not=" + free + HATHA_YOGA, "sch-walking-football");
    add("Schedule?active", "active=true", "sch-hatha-yoga sch-walking-football");
    add("Schedule?active:not", "active:not=false", "sch-hatha-yoga sch-walking-football");
    add("Schedule?_include=Schedule:actor", "_id=sch-hatha-yoga&_include=Schedule:actor",
        "sch-hatha-yoga HealthcareService/hs-hatha-yoga Location/loc-brixton");
    add("Schedule?_revinclude=Slot:schedule", "_id=sch-hatha-yoga&_revinclude=Slot:schedule",
        "sch-hatha-yoga Slot/slot-hy-1 Slot/slot-hy-2 Slot/slot-hy-3");
    add("Schedule?_has:Slot:schedule", "_has:Slot:schedule:status=busy", "sch-hatha-yoga");
    // Slot
    add("Slot?_id", "_id=slot-hy-1", "slot-hy-1");
    add("Slot?_lastUpdated", "_lastUpdated=ge2025-01-01&schedule=sch-hatha-yoga", "slot-hy-1 slot-hy-2 slot-hy-3");
    add("Slot?schedule", "schedule=Schedule/sch-hatha-yoga", "slot-hy-1 slot-hy-2 slot-hy-3");
    add("Slot?schedule.actor", "schedule.actor=HealthcareService/hs-hatha-yoga", "slot-hy-1 slot-hy-2 slot-hy-3");
    add("Slot?start", "start=2026-01-14", "slot-hy-2");
    add("Slot?status", "status=busy", "slot-hy-2");
    add("Slot?status:not", "status:not=free", "slot-hy-2 slot-hy-3");
    add("Slot?service-type", "service-type=" + free + HATHA_YOGA + "&start=2026-01-14", "slot-hy-2");
    add("Slot?service-type:below", "service-type:below=" + free + YOGA + "&start=lt2026-01-10", "slot-hy-1");
    add("Slot?service-type:not", "service-type:not=" + free + WALKING_FOOTBALL, "slot-hy-1 slot-hy-2 slot-hy-3");
    add("Slot?_include=Slot:schedule", "_id=slot-hy-1&_include=Slot:schedule", "slot-hy-1 Schedule/sch-hatha-yoga");
  }

  /** The operations {@code /metadata} declares, each with a query and a value its answer must hold. */
  private static final Map<String, Case> OPERATIONS =
      Map.of(
          "CodeSystem$lookup",
          new Case("CodeSystem/$lookup?system=https://openactive.io/activity-list&code=" + SWIMMING, "Swimming"),
          "CodeSystem$subsumes",
          new Case(
              "CodeSystem/$subsumes?system=https://openactive.io/activity-list&codeA=" + FOOTBALL + "&codeB="
                  + WALKING_FOOTBALL,
              "subsumes"),
          "CodeSystem$validate-code",
          new Case("CodeSystem/$validate-code?url=https://openactive.io/activity-list&code=" + SWIMMING, "true"),
          "ValueSet$expand",
          new Case("ValueSet/activity-list/$expand?filter=swim&count=5", "Swimming"),
          "ValueSet$validate-code",
          new Case(
              "ValueSet/$validate-code?url=https://activityfhir.dev/fhir/ValueSet/referral-business-status&code=booked",
              "true"));

  @TestFactory
  Stream<DynamicTest> everyDeclaredSearchAnswersItsKnownMatches() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String key : declaredKeys()) {
      tests.add(
          DynamicTest.dynamicTest(
              key,
              () -> {
                assertThat(CASES).as("a case exercising the declared %s", key).containsKey(key);
                Case c = CASES.get(key);
                String type = key.substring(0, key.indexOf('?'));
                JsonPath bundle =
                    given().get(SERVER.baseUrl() + "/" + type + "?" + c.query()).then().statusCode(200).extract()
                        .jsonPath();
                assertThat(bundle.getString("type")).isEqualTo("searchset");
                List<String> found = found(bundle);
                List<String> expected = List.of(c.expected());
                // Matches in the search's order; included resources in any order.
                assertThat(found.stream().filter(f -> !f.contains("/")).toList())
                    .as(c.query())
                    .containsExactlyElementsOf(expected.stream().filter(f -> !f.contains("/")).toList());
                assertThat(found.stream().filter(f -> f.contains("/")).toList())
                    .as(c.query())
                    .containsExactlyInAnyOrderElementsOf(expected.stream().filter(f -> f.contains("/")).toList());
              }));
    }
    return tests.stream();
  }

  @Test
  void everyCaseHereIsDeclared() {
    assertThat(declaredKeys()).containsAll(CASES.keySet());
  }

  @TestFactory
  Stream<DynamicTest> undeclaredParametersAnswer400NamingThem() {
    List<String> queries = new ArrayList<>();
    for (String type : DECLARED.types()) {
      queries.add(type + "?colour=red");
      queries.add(type + "?_include=" + type + ":nothing");
      queries.add(type + "?_has:Nothing:subject:_id=1");
      for (SearchParameter parameter : DECLARED.parameters(type)) {
        String code = parameter.getCode();
        Stream.of("exact", "contains", "missing", "not", "text", "below", "above")
            .filter(m -> !DeclaredSearches.modifiers(parameter).contains(m))
            .findFirst()
            .ifPresent(m -> queries.add(type + "?" + code + ":" + m + "=x"));
        if (parameter.getType().toCode().equals("reference")) {
          queries.add(type + "?" + code + ".nothing=x");
        }
      }
    }
    return queries.stream()
        .map(
            query ->
                DynamicTest.dynamicTest(
                    query,
                    () -> {
                      String name = query.substring(query.indexOf('?') + 1, query.indexOf('='));
                      JsonPath outcome =
                          given().get(SERVER.baseUrl() + "/" + query).then().statusCode(400).extract().jsonPath();
                      assertThat(outcome.getString("resourceType")).isEqualTo("OperationOutcome");
                      assertThat(outcome.getString("issue[0].severity")).isEqualTo("error");
                      assertThat(outcome.getList("issue[0].expression", String.class)).containsExactly(name);
                    }));
  }

  @Test
  void repeatedHasRequiresEachAndMissingTakesABoolean() {
    String both = "Schedule?_has:Slot:schedule:status=busy&_has:Slot:schedule:status=free";
    assertThat(found(given().get(SERVER.baseUrl() + "/" + both).then().statusCode(200).extract().jsonPath()))
        .containsExactly("sch-hatha-yoga");
    String either = "Schedule?_has:Slot:schedule:status=busy,free&_sort=-_lastUpdated&_id=sch-walking-football";
    assertThat(found(given().get(SERVER.baseUrl() + "/" + either).then().statusCode(200).extract().jsonPath()))
        .containsExactly("sch-walking-football");
    given()
        .get(SERVER.baseUrl() + "/HealthcareService?location:missing=maybe")
        .then()
        .statusCode(400)
        .body("issue[0].expression[0]", org.hamcrest.Matchers.equalTo("location:missing"));
  }

  @Test
  void leniencyIgnoresAndReportsUndeclaredParameters() {
    JsonPath bundle =
        given()
            .header("Prefer", "handling=lenient")
            .get(SERVER.baseUrl() + "/HealthcareService?colour=red&name:below=x&name=café")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(bundle.getList("entry.findAll { it.search.mode == 'match' }.resource.id", String.class))
        .containsExactly("hs-swim");
    assertThat(bundle.getInt("total")).isEqualTo(1);
    String outcome = "entry.find { it.search.mode == 'outcome' }.resource";
    assertThat(bundle.getString(outcome + ".resourceType")).isEqualTo("OperationOutcome");
    assertThat(bundle.getList(outcome + ".issue.severity", String.class)).containsExactly("warning", "warning");
    assertThat(bundle.getList(outcome + ".issue.expression.flatten()", String.class))
        .containsExactly("colour", "name:below");
    String self = bundle.getString("link.find { it.relation == 'self' }.url");
    assertThat(self).contains("name=caf").doesNotContain("colour").doesNotContain("below");

    given()
        .header("Prefer", "handling=strict")
        .get(SERVER.baseUrl() + "/HealthcareService?colour=red&name=café")
        .then()
        .statusCode(400);
    JsonPath clean =
        given().header("Prefer", "handling=lenient").get(SERVER.baseUrl() + "/HealthcareService?name=café").then()
            .statusCode(200).extract().jsonPath();
    assertThat(clean.getList("entry.search.mode", String.class)).containsExactly("match");
  }

  @Test
  void everyDeclaredOperationAnswers() {
    CapabilityStatement statement = SERVER.client().capabilities().ofType(CapabilityStatement.class).execute();
    Set<String> declared = new TreeSet<>();
    for (CapabilityStatementRestResourceComponent resource : statement.getRestFirstRep().getResource()) {
      resource.getOperation().forEach(op -> declared.add(resource.getType() + "$" + op.getName()));
    }
    Set<String> expected = new TreeSet<>(OPERATIONS.keySet());
    DECLARED.types().forEach(type -> expected.add(type + "$validate"));
    assertThat(declared).isEqualTo(expected);
    for (String operation : declared) {
      if (operation.endsWith("$validate")) {
        // POST [type]/$validate with a resource of the type: an OperationOutcome (DirectoryValidateOperationIT has
        // the cases).
        String type = operation.substring(0, operation.indexOf('$'));
        String outcome =
            given()
                .contentType("application/fhir+json")
                .body("{\"resourceType\":\"" + type + "\"}")
                .post(SERVER.baseUrl() + "/" + type + "/$validate")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(outcome).as(operation).contains("\"resourceType\":\"OperationOutcome\"");
        continue;
      }
      Case c = OPERATIONS.get(operation);
      String body = given().get(SERVER.baseUrl() + "/" + c.query()).then().statusCode(200).extract().asString();
      assertThat(body).as(operation).contains(c.expected());
    }
  }

  @Test
  void metadataDeclaresWhatThePackageDeclares() {
    CapabilityStatement statement = SERVER.client().capabilities().ofType(CapabilityStatement.class).execute();
    for (CapabilityStatementRestResourceComponent resource : statement.getRestFirstRep().getResource()) {
      if (!DECLARED.types().contains(resource.getType())) {
        continue;
      }
      String type = resource.getType();
      assertThat(resource.getSearchParam()).extracting(p -> p.getName() + " " + p.getDefinition())
          .containsExactlyElementsOf(
              DECLARED.parameters(type).stream().map(p -> p.getCode() + " " + p.getUrl()).toList());
      assertThat(resource.getSearchInclude()).extracting(i -> i.getValue())
          .containsExactlyElementsOf(DECLARED.includes(type));
      assertThat(resource.getSearchRevInclude()).extracting(i -> i.getValue())
          .containsExactlyElementsOf(DECLARED.revIncludes(type));
    }
  }

  /** Every name the package declares, as the keys of {@link #CASES}. */
  private static Set<String> declaredKeys() {
    Set<String> keys = new TreeSet<>();
    for (String type : DECLARED.types()) {
      for (String name : DECLARED.names(type)) {
        if (!name.equals("_include") && !name.equals("_revinclude")) {
          keys.add(type + "?" + name);
        }
      }
      DECLARED.includes(type).forEach(i -> keys.add(type + "?_include=" + i));
      DECLARED.revIncludes(type).forEach(i -> keys.add(type + "?_revinclude=" + i));
      DECLARED.hasSources(type).forEach(i -> keys.add(type + "?_has:" + i));
    }
    return keys;
  }

  private static List<String> found(JsonPath bundle) {
    List<String> found = new ArrayList<>();
    List<Map<String, Object>> entries = bundle.getList("entry");
    if (entries == null) {
      return found;
    }
    for (Map<String, Object> entry : entries) {
      @SuppressWarnings("unchecked")
      Map<String, Object> resource = (Map<String, Object>) entry.get("resource");
      @SuppressWarnings("unchecked")
      String mode = String.valueOf(((Map<String, Object>) entry.get("search")).get("mode"));
      found.add(mode.equals("match") ? (String) resource.get("id") : resource.get("resourceType") + "/" + resource.get("id"));
    }
    return found;
  }

  private static void add(String key, String query, String expected) {
    CASES.put(key, new Case(query, expected));
  }

  private static HealthcareService onlineService() {
    HealthcareService service =
        DirectoryFixtures.service("hs-online", "Online Yoga", YOGA, "Yoga", List.of(), "org-camden", 18, null, null);
    service.setProvidedBy(null);
    service.addCharacteristic(new CodeableConcept(new Coding(AttendanceMode.SYSTEM, "online", null)));
    return service;
  }

  private static Location virtualLocation() {
    Location location = DirectoryFixtures.location("loc-virtual", "Online", "", null, null);
    location.setAddress(null);
    return location;
  }

  private static Organization datedOrganization() {
    Organization organization = DirectoryFixtures.organization("org-dated", "Archway Sports");
    organization.getMeta().setLastUpdated(Date.from(Instant.parse("2024-05-06T12:00:00Z")));
    return organization;
  }

  /** A query and what it must find (ids, space-separated), or for an operation a text its answer holds. */
  private record Case(String query, String expectedText) {
    String[] expected() {
      return expectedText.isBlank() ? new String[0] : expectedText.trim().split(" ");
    }
  }
}
