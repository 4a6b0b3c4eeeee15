package dev.activityfhir.server.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import dev.activityfhir.server.directory.ResourceChanges;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code $bulk-publish} over the demo dataset as a SMART Scheduling Links aggregator reads it: the manifest, then
 * every line of every file parsed by HAPI, counted against the search API, and a poll with {@code _since}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BulkPublishIT {

  private static final String SSL = "http://fhir-registry.smarthealthit.org/StructureDefinition/";

  @RegisterExtension static final FhirServerExtension SERVER = new FhirServerExtension(DemoData::load);

  private static final IParser PARSER = FhirContext.forR4Cached().newJsonParser();

  @Test
  @Order(1)
  void theManifestAndEveryFileMatchTheSearchApi() {
    JsonPath manifest = manifest("");
    assertThat(Instant.parse(manifest.getString("transactionTime"))).isBefore(Instant.now().plusSeconds(1));
    assertThat(manifest.getString("request")).isEqualTo(SERVER.baseUrl() + "/$bulk-publish");
    assertThat(manifest.getList("output.type", String.class)).containsExactly("Location", "Schedule", "Slot");
    assertThat(manifest.getList("error")).isEmpty();

    Map<String, List<Resource>> files = new HashMap<>();
    for (Map<String, String> output : manifest.<Map<String, String>>getList("output")) {
      List<Resource> resources = file(output.get("url"));
      assertThat(resources).as(output.get("type")).allMatch(r -> r.fhirType().equals(output.get("type")));
      assertThat(resources.size()).as(output.get("type")).isEqualTo(total(output.get("type")));
      files.put(output.get("type"), resources);
    }
    assertThat(files.get("Location")).hasSize(303);
    assertThat(files.get("Slot")).hasSizeGreaterThan(3000);

    Map<String, Location> locations =
        files.get("Location").stream().map(Location.class::cast)
            .collect(Collectors.toMap(l -> "Location/" + l.getIdPart(), l -> l));
    Map<String, Schedule> schedules =
        files.get("Schedule").stream().map(Schedule.class::cast)
            .collect(Collectors.toMap(s -> "Schedule/" + s.getIdPart(), s -> s));
    int withLocation = 0;
    for (Schedule schedule : schedules.values()) {
      if (schedule.getActor().stream().anyMatch(a -> a.getReference().startsWith("Location/"))) {
        withLocation++;
        assertThat(locations).containsKey(schedule.getActorFirstRep().getReference());
      }
    }
    assertThat(withLocation).isGreaterThan(schedules.size() / 2);

    int phones = 0;
    for (Resource resource : files.get("Slot")) {
      Slot slot = (Slot) resource;
      assertThat(schedules).containsKey(slot.getSchedule().getReference());
      assertThat(slot.getStatus().toCode()).isIn("free", "busy");
      assertThat(slot.getExtensionByUrl(SSL + "slot-capacity").getValue()).isInstanceOf(IntegerType.class);
      assertThat(slot.getExtensionByUrl(SSL + "booking-deep-link").getValueAsPrimitive().getValueAsString())
          .startsWith("https://");
      if (slot.getExtensionByUrl(SSL + "booking-phone") != null) {
        phones++;
        Location where = locations.get(schedules.get(slot.getSchedule().getReference()).getActorFirstRep().getReference());
        String phone =
            where.getTelecom().stream().filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.PHONE)
                .findFirst().orElseThrow().getValue();
        assertThat(slot.getExtensionByUrl(SSL + "booking-phone").getValueAsPrimitive().getValueAsString())
            .isEqualTo(phone);
      }
    }
    assertThat(phones).isGreaterThan(files.get("Slot").size() / 2);
  }

  @Test
  @Order(2)
  void pollingWithSinceListsOnlyWhatChanged() {
    String transactionTime = manifest("").getString("transactionTime");
    JsonPath unchanged = manifest("?_since=" + transactionTime);
    assertThat(unchanged.getString("request")).endsWith("/$bulk-publish?_since=" + transactionTime.replace(":", "%3A"));
    for (String url : unchanged.getList("output.url", String.class)) {
      assertThat(url).contains("_since=");
      assertThat(file(url)).as(url).isEmpty();
    }

    Slot slot = (Slot) SERVER.index().read("Slot", SERVER.index().query(v -> v.slots().iterator().next().id()));
    slot.getExtensionByUrl(SSL + "slot-capacity").setValue(new IntegerType(3));
    SERVER.index().apply(new ResourceChanges(List.of(slot), List.of()));

    JsonPath changed = manifest("?_since=" + transactionTime);
    List<Resource> slots = file(changed.getList("output.url", String.class).get(2));
    assertThat(slots).hasSize(1);
    assertThat(slots.get(0).getIdElement().getIdPart()).isEqualTo(slot.getIdPart());
    assertThat(((Slot) slots.get(0)).getExtensionByUrl(SSL + "slot-capacity").getValue())
        .isInstanceOfSatisfying(IntegerType.class, c -> assertThat(c.getValue()).isEqualTo(3));
    assertThat(file(changed.getList("output.url", String.class).get(0))).isEmpty();
  }

  @Test
  @Order(3)
  void badRequestsAnswerAnOperationOutcomeNamingTheParameter() {
    for (String query : List.of("?_since=yesterday", "?_type=Slot", "?_since=2026-13-01T00:00:00Z")) {
      given().get(SERVER.baseUrl() + "/$bulk-publish" + query).then().statusCode(400)
          .contentType("application/fhir+json")
          .body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"))
          .body("issue[0].expression[0]", org.hamcrest.Matchers.startsWith("_"));
    }
    given().get(SERVER.baseUrl() + "/$bulk-publish/Patient.ndjson").then().statusCode(404)
        .body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"));
  }

  private static JsonPath manifest(String query) {
    return given().urlEncodingEnabled(false).get(SERVER.baseUrl() + "/$bulk-publish" + query).then()
        .statusCode(200).contentType("application/json").extract().jsonPath();
  }

  /** Every line of a bulk file, parsed by HAPI (a line that does not parse fails the test). */
  private static List<Resource> file(String url) {
    Response response = given().urlEncodingEnabled(false).get(url);
    response.then().statusCode(200).contentType("application/fhir+ndjson");
    List<Resource> resources = new ArrayList<>();
    Set<String> ids = new java.util.HashSet<>();
    for (String line : response.asString().split("\n")) {
      if (!line.isEmpty()) {
        Resource resource = (Resource) PARSER.parseResource(line);
        assertThat(ids.add(resource.getIdElement().getIdPart())).as("listed once").isTrue();
        resources.add(resource);
      }
    }
    return resources;
  }

  private static int total(String type) {
    return given().get(SERVER.baseUrl() + "/" + type + "?_summary=count").then().statusCode(200).extract()
        .jsonPath().getInt("total");
  }
}
