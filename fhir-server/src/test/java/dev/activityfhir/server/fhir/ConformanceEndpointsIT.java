package dev.activityfhir.server.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The FHIR package as the server publishes it: conformance resources read and searched by url,
 * name and version, the terminology operations over real activity-list codes, and the package
 * download.
 */
class ConformanceEndpointsIT {

  @RegisterExtension
  static final FhirServerExtension SERVER =
      new FhirServerExtension(sink -> sink.apply(DirectoryFixtures.all()));

  private static final String SD = "https://activityfhir.dev/fhir/StructureDefinition/";
  private static final String ACTIVITIES = "https://openactive.io/activity-list";
  private static final String ACTIVITY_VS = "https://activityfhir.dev/fhir/ValueSet/activity-list";
  private static final String SWIMMING = "2750229d-b725-4171-9276-376be913957c";
  private static final String AQUA_PARK = "f9561840-a117-40cc-b7f8-52a7df9d5e83";
  private static final String FOOTBALL = "0a5f732d-e806-4e51-ad40-0a7de0239c8c";
  private static final String WALKING_FOOTBALL = "b8019b67-2ade-406f-a012-91a5c3869652";
  private static final String YOGA = "bf1a5e00-cdcf-465d-8c5a-6f57040b7f7e";

  @Test
  void profilesAreReadWithTheirSnapshots() {
    StructureDefinition task =
        SERVER.client().read().resource(StructureDefinition.class).withId("referral-task").execute();
    assertThat(task.getUrl()).isEqualTo(SD + "referral-task");
    assertThat(task.getBaseDefinition()).isEqualTo("http://hl7.org/fhir/StructureDefinition/Task");
    assertThat(task.getSnapshot().getElement()).hasSizeGreaterThan(50);
    assertThat(task.getDifferential().getElement()).isNotEmpty();
    given().get(SERVER.baseUrl() + "/StructureDefinition/nope").then().statusCode(404);
  }

  @Test
  void conformanceResourcesAreSearchedByUrlNameAndVersion() {
    assertThat(ids("StructureDefinition?url=" + SD + "activity-slot"))
        .containsExactly("activity-slot");
    assertThat(ids("StructureDefinition?name=activity"))
        .containsExactlyInAnyOrder(
            "activity-healthcareservice",
            "activity-location",
            "activity-organization",
            "activity-schedule",
            "activity-slot");
    assertThat(ids("StructureDefinition?name:exact=ReferralTask")).containsExactly("referral-task");
    assertThat(ids("StructureDefinition?name:exact=referraltask")).isEmpty();
    assertThat(ids("StructureDefinition?name:contains=capacity"))
        .containsExactlyInAnyOrder("slot-capacity", "maximum-capacity", "virtual-capacity");
    String version =
        given().get(SERVER.baseUrl() + "/ImplementationGuide/activity-fhir").jsonPath().getString("version");
    assertThat(ids("SearchParameter?version=" + version + "&_count=100")).hasSize(28);
    assertThat(ids("SearchParameter?version=0.0.0")).isEmpty();
    assertThat(
            ids(
                "SearchParameter?url=https://activityfhir.dev/fhir/SearchParameter/healthcareservice-age"))
        .containsExactly("healthcareservice-age");
    assertThat(ids("ValueSet?url=" + ACTIVITY_VS)).containsExactly("activity-list");
    assertThat(ids("CodeSystem?name=ReferralBusiness")).containsExactly("referral-business-status");
    assertThat(ids("ImplementationGuide?name=ActivityFhir")).containsExactly("activity-fhir");
  }

  @Test
  void activityListIsReadAsTheGeneratedCodeSystem() {
    given()
        .get(SERVER.baseUrl() + "/CodeSystem/activity-list")
        .then()
        .statusCode(200)
        .body("url", equalTo(ACTIVITIES))
        .body("count", equalTo(768));
  }

  @Test
  void lookupAtTypeAndInstanceLevel() {
    JsonPath type =
        given()
            .get(SERVER.baseUrl() + "/CodeSystem/$lookup?system=" + ACTIVITIES + "&code=" + SWIMMING)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(type.getString("parameter.find { it.name == 'display' }.valueString"))
        .isEqualTo("Swimming");
    assertThat(type.getList("parameter.findAll { it.name == 'property' }")).hasSize(6);

    Parameters instance =
        SERVER
            .client()
            .operation()
            .onInstance("CodeSystem/activity-list")
            .named("$lookup")
            .withParameter(Parameters.class, "code", new CodeType(YOGA))
            .useHttpGet()
            .execute();
    assertThat(instance.getParameter("display").getValue().primitiveValue()).isEqualTo("Yoga");
  }

  @Test
  void subsumesAnswersForRealCodes() {
    assertThat(subsumes(FOOTBALL, WALKING_FOOTBALL)).isEqualTo("subsumes");
    assertThat(subsumes(WALKING_FOOTBALL, FOOTBALL)).isEqualTo("subsumed-by");
    assertThat(subsumes(SWIMMING, YOGA)).isEqualTo("not-subsumed");
  }

  @Test
  void expandWithTypeAheadFilterFindsSwimmingAndItsChildren() {
    ValueSet expanded =
        SERVER
            .client()
            .operation()
            .onType(ValueSet.class)
            .named("$expand")
            .withParameter(Parameters.class, "url", new UriType(ACTIVITY_VS))
            .andParameter("filter", new StringType("swim"))
            .useHttpGet()
            .returnResourceType(ValueSet.class)
            .execute();
    List<String> codes =
        expanded.getExpansion().getContains().stream().map(c -> c.getCode()).toList();
    assertThat(codes).contains(SWIMMING, AQUA_PARK);
    assertThat(expanded.getExpansion().getContains().get(1).getDisplay()).isEqualTo("Swimming");

    JsonPath page =
        given()
            .get(SERVER.baseUrl() + "/ValueSet/activity-list/$expand?filter=swim&count=2&offset=1")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(page.getInt("expansion.total")).isEqualTo(codes.size());
    assertThat(page.getList("expansion.contains.code")).isEqualTo(codes.subList(1, 3));
  }

  @Test
  void validateCodeOnCodeSystemAndValueSet() {
    given()
        .get(SERVER.baseUrl() + "/CodeSystem/$validate-code?url=" + ACTIVITIES + "&code=" + YOGA + "&display=Yoga")
        .then()
        .statusCode(200)
        .body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(true));
    given()
        .get(
            SERVER.baseUrl()
                + "/ValueSet/$validate-code?url=https://activityfhir.dev/fhir/ValueSet/referral-business-status&code=swimming")
        .then()
        .statusCode(200)
        .body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(false));
  }

  @Test
  void unknownSystemIs404AndMissingCodeIs400WithTheParameterNamed() {
    given()
        .get(SERVER.baseUrl() + "/CodeSystem/$lookup?system=https://example.org/none&code=x")
        .then()
        .statusCode(404)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].expression[0]", equalTo("system"));
    given()
        .get(SERVER.baseUrl() + "/CodeSystem/$subsumes?system=" + ACTIVITIES + "&codeA=" + SWIMMING)
        .then()
        .statusCode(400)
        .body("issue[0].expression[0]", equalTo("codeB"));
  }

  @Test
  void packageIsDownloadable() throws Exception {
    byte[] tgz =
        given()
            .get(SERVER.baseUrl() + "/package.tgz")
            .then()
            .statusCode(200)
            .contentType("application/gzip")
            .extract()
            .asByteArray();
    NpmPackage npm = NpmPackage.fromPackage(new ByteArrayInputStream(tgz));
    assertThat(npm.name()).isEqualTo("dev.activityfhir.r4");
    assertThat(npm.fhirVersion()).isEqualTo("4.0.1");
    assertThat(npm.listResources("StructureDefinition")).contains("StructureDefinition-referral-task.json");
  }

  private static String subsumes(String codeA, String codeB) {
    return given()
        .get(
            SERVER.baseUrl()
                + "/CodeSystem/$subsumes?system="
                + ACTIVITIES
                + "&codeA="
                + codeA
                + "&codeB="
                + codeB)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getString("parameter.find { it.name == 'outcome' }.valueCode");
  }

  private static List<String> ids(String query) {
    Bundle bundle = SERVER.client().search().byUrl(query).returnBundle(Bundle.class).execute();
    return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
  }
}
