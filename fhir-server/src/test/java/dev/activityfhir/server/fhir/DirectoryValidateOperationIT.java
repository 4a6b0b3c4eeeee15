package dev.activityfhir.server.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.conformance.ConformanceResources;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST [type]/$validate} on every directory type, with and without {@code profile}: 200 with an
 * OperationOutcome whose issues name their element path, and 400 for what cannot be validated.
 */
class DirectoryValidateOperationIT {

  @RegisterExtension static final FhirServerExtension SERVER = new FhirServerExtension(DemoData::load);

  private static final String FHIR_JSON = "application/fhir+json";
  private static final String ATTRIBUTION = "https://activityfhir.dev/fhir/StructureDefinition/openactive-attribution";

  @ParameterizedTest
  @ValueSource(strings = {"HealthcareService", "Location", "Organization", "Schedule", "Slot"})
  void aServedResourceValidatesWithAndWithoutItsProfile(String type) {
    String served = served(type);
    String profile = ConformanceResources.bundled().profileOf(type).orElseThrow();

    assertNoErrors(validate(type, served, null), profile);
    assertNoErrors(validate(type, served, profile), profile);
    assertNoErrors(validate(type, served, "http://hl7.org/fhir/StructureDefinition/" + type), type);
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("resource").setResource(parse(served));
    parameters.addParameter().setName("profile").setValue(new UriType(profile));
    assertNoErrors(validate(type, ServedProfiles.strictJsonParser().encodeResourceToString(parameters), null), profile);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HealthcareService", "Location", "Organization", "Schedule", "Slot"})
  void aResourceBreakingItsProfileGetsErrorsWithTheirPathsButPassesTheBaseProfile(String type) {
    Resource resource = parse(served(type));
    resource.getMeta().getProfile().clear();
    ((org.hl7.fhir.r4.model.DomainResource) resource).getExtension().removeIf(e -> e.getUrl().equals(ATTRIBUTION));
    String unattributed = ServedProfiles.strictJsonParser().encodeResourceToString(resource);

    JsonPath outcome = validate(type, unattributed, null).then().statusCode(200).extract().jsonPath();

    assertThat(outcome.getString("resourceType")).isEqualTo("OperationOutcome");
    assertThat(outcome.getList("issue.findAll { it.severity == 'error' }.diagnostics").toString())
        .contains("openactive-attribution");
    assertThat(outcome.getList("issue.findAll { it.severity == 'error' }.expression.flatten()"))
        .allSatisfy(e -> assertThat(e.toString()).startsWith(type));
    assertNoErrors(validate(type, unattributed, "http://hl7.org/fhir/StructureDefinition/" + type), type);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HealthcareService", "Slot"})
  void anElementFhirDoesNotDefineIsAnErrorNotDropped(String type) {
    String served = served(type);
    String coloured = served.replaceFirst("\\{", "{\"colour\":\"red\",");

    JsonPath outcome = validate(type, coloured, null).then().statusCode(200).extract().jsonPath();

    assertThat(outcome.getList("issue.findAll { it.severity == 'error' }.diagnostics").toString()).contains("colour");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HealthcareService", "Location", "Organization", "Schedule", "Slot"})
  void whatCannotBeValidatedAnswers400WithTheParameter(String type) {
    String served = served(type);
    String other = type.equals("Slot") ? "Location" : "Slot";

    assertProblem(validate(type, served, "https://example.org/StructureDefinition/unknown"), 400, "profile");
    assertProblem(validate(type, served, ConformanceResources.bundled().profileOf(other).orElseThrow()), 400, "profile");
    assertProblem(validate(other, served, null), 400, "resource");
    // HAPI reads the body of an operation first: what is not JSON at all is its 400, without a path.
    for (String unreadable : List.of("{\"resourceType\":", "")) {
      Response refused = validate(type, unreadable, null);
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"HealthcareService", "Slot"})
  void aBodyOverTheLimitAnswers413(String type) {
    String huge = "{\"resourceType\":\"" + type + "\",\"comment\":\"" + "x".repeat((int) DirectoryRestfulServer.MAXIMUM_BODY_BYTES) + "\"}";
    Response refused = validateOversized(type, huge);
    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(refused.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
  }

  /**
   * The server answers 413 from the declared length and closes the connection; when that happens while the client
   * is still writing the body, the client sees a broken pipe instead of the answer, so it asks again.
   */
  private static Response validateOversized(String type, String body) {
    for (int attempt = 1; ; attempt++) {
      try {
        return validate(type, body, null);
      } catch (Exception e) { // RestAssured rethrows the socket's IOException unchecked
        if (attempt == 5 || !(e instanceof java.io.IOException || e.getCause() instanceof java.io.IOException)) {
          throw new AssertionError("no answer to an oversized body", e);
        }
      }
    }
  }

  private static String served(String type) {
    JsonPath page = given(SERVER.spec()).get(type + "?_count=1").then().statusCode(200).extract().jsonPath();
    String id = page.getString("entry[0].resource.id");
    return given(SERVER.spec()).get(type + "/" + id).then().statusCode(200).extract().asString();
  }

  private static Response validate(String type, String body, String profile) {
    var request = given(SERVER.spec()).contentType(FHIR_JSON).body(body);
    if (profile != null) {
      request.queryParam("profile", profile);
    }
    return request.post(type + "/$validate");
  }

  private static void assertNoErrors(Response response, String against) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    JsonPath outcome = response.jsonPath();
    assertThat(outcome.getString("resourceType")).isEqualTo("OperationOutcome");
    List<String> errors = outcome.getList("issue.findAll { it.severity == 'error' || it.severity == 'fatal' }.diagnostics");
    assertThat(errors).as(response.asString()).isEmpty();
    if (outcome.getList("issue").size() == 1 && "information".equals(outcome.getString("issue[0].severity"))) {
      assertThat(outcome.getString("issue[0].diagnostics")).contains(against);
    }
  }

  private static void assertProblem(Response response, int status, String expression) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
    assertThat(response.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
    assertThat(response.jsonPath().getList("issue.expression.flatten()")).contains(expression);
  }

  private static Resource parse(String json) {
    return (Resource) ServedProfiles.strictJsonParser().parseResource(json);
  }
}
