package dev.activityfhir.server.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.server.directory.ResourceChanges;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.hamcrest.Matchers;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Type-level {@code _history} with {@code _since} and {@code _at}: the polling loop of a copy of the directory. */
class HistoryIT {

  @RegisterExtension
  static final FhirServerExtension SERVER = new FhirServerExtension(sink -> sink.apply(DirectoryFixtures.all()));

  @Test
  void pollingWithSinceSeesAdditionsChangesAndWithdrawalsOnce() {
    JsonPath first = history("Organization/_history");
    assertThat(first.getString("type")).isEqualTo("history");
    assertThat(first.getList("entry.request.method", String.class)).containsOnly("POST");
    assertThat(first.getList("entry.request.url", String.class))
        .containsExactlyInAnyOrder(
            "Organization/org-camden/_history/1",
            "Organization/org-lambeth/_history/1",
            "Organization/org-southwark/_history/1");
    assertThat(first.getList("entry.response.status", String.class)).containsOnly("201 Created");
    String since = first.getString("meta.lastUpdated");
    assertThat(since).isNotNull();

    List<Resource> upserts =
        List.of(
            DirectoryFixtures.organization("org-lambeth", "Lambeth Active Communities"),
            DirectoryFixtures.organization("org-greenwich", "Greenwich Leisure"));
    SERVER.index().apply(new ResourceChanges(upserts, List.of("Organization/org-camden")));

    JsonPath changes = history("Organization/_history?_since=" + since);
    assertThat(changes.getInt("total")).isEqualTo(3);
    assertThat(changes.getList("entry.request.method", String.class)).containsExactly("POST", "PUT", "DELETE");
    assertThat(changes.getList("entry.request.url", String.class))
        .containsExactly(
            "Organization/org-greenwich/_history/1",
            "Organization/org-lambeth/_history/2",
            "Organization/org-camden/_history/2");
    assertThat(changes.getList("entry.response.status", String.class)).containsExactly("201 Created", "200 OK", "200 OK");
    assertThat(changes.getString("entry[1].resource.name")).isEqualTo("Lambeth Active Communities");
    assertThat(changes.getString("entry[1].resource.meta.versionId")).isEqualTo("2");
    assertThat(changes.getString("entry[2].resource")).isNull();

    String next = changes.getString("meta.lastUpdated");
    assertThat(history("Organization/_history?_since=" + next).getList("entry")).isNull();

    JsonPath then = history("Organization/_history?_at=" + since);
    assertThat(then.getList("entry.resource.id", String.class)).containsExactly("org-southwark");
  }

  @Test
  void everyDirectoryTypeHasAHistory() {
    assertThat(history("HealthcareService/_history").getInt("total")).isEqualTo(5);
    assertThat(history("Location/_history").getInt("total")).isEqualTo(4);
    assertThat(history("Schedule/_history").getInt("total")).isEqualTo(2);
    JsonPath slots = history("Slot/_history?_count=10");
    assertThat(slots.getInt("total")).isEqualTo(DirectoryFixtures.WALKING_FOOTBALL_SLOTS + 3);
    assertThat(slots.getList("entry")).hasSize(10);
    assertThat(slots.getString("link.find { it.relation == 'next' }.url")).isNotNull();
    JsonPath page2 = history(slots.getString("link.find { it.relation == 'next' }.url"));
    assertThat(page2.getString("type")).isEqualTo("history");
    assertThat(page2.getList("entry.request.method", String.class)).hasSize(10).containsOnly("POST");
    assertThat(page2.getList("entry.resource.id", String.class))
        .as("the second page goes on from the first")
        .doesNotContainAnyElementsOf(slots.getList("entry.resource.id", String.class));
  }

  @Test
  void badHistoryParametersAnswer400() {
    for (String query : List.of("Organization/_history?_since=yesterday", "Slot/_history?colour=red",
        "Location/_history?_since=2026-01-01T00:00:00Z&_at=2026-01-01")) {
      given().get(SERVER.baseUrl() + "/" + query).then().statusCode(400)
          .body("resourceType", Matchers.equalTo("OperationOutcome"));
    }
  }

  private static JsonPath history(String pathOrUrl) {
    String url = pathOrUrl.startsWith("http") ? pathOrUrl : SERVER.baseUrl() + "/" + pathOrUrl;
    return given().urlEncodingEnabled(!pathOrUrl.startsWith("http")).get(url).then().log().ifValidationFails().statusCode(200)
        .extract().jsonPath();
  }
}
