package dev.activityfhir.server.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.activityfhir.server.fhir.openapi.ApiDocs;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI description and the Swagger UI page generated from the CapabilityStatement, served by the directory
 * with every asset the page loads from the server itself (it works offline).
 */
class OpenApiIT {

  @RegisterExtension
  static final FhirServerExtension SERVER = new FhirServerExtension(sink -> sink.apply(DirectoryFixtures.all()));

  @Test
  void theDescriptionListsTheHealthcareServiceSearchWithItsParameters() throws Exception {
    Response yaml = given().get(SERVER.baseUrl() + "/api-docs");
    yaml.then().statusCode(200);
    assertThat(yaml.asString()).startsWith("openapi: 3.");
    JsonNode api = new ObjectMapper(new YAMLFactory()).readTree(yaml.asString());

    assertThat(api.path("openapi").asText()).startsWith("3.");
    JsonNode search = api.path("paths").path("/HealthcareService").path("get");
    assertThat(search.isMissingNode()).as("GET /HealthcareService").isFalse();
    List<String> parameters = new ArrayList<>();
    search.path("parameters").forEach(p -> parameters.add(p.path("name").asText()));
    assertThat(parameters).contains("service-type", "age", "available", "postcode");
    assertThat(api.path("paths").has("/Slot")).isTrue();
  }

  @Test
  void thePageAndEveryScriptAndStyleItLoadsComeFromTheServer() {
    Response page = given().get(SERVER.baseUrl() + "/swagger-ui/");
    page.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/html"));
    assertThat(page.header("Content-Security-Policy")).isEqualTo(ApiDocs.PAGE_POLICY);
    String html = page.asString();
    assertThat(html).contains(SERVER.baseUrl() + "/api-docs");

    Matcher assets = Pattern.compile("(?:src|href)=\"(\\./[^\"]+)\"").matcher(html);
    List<String> loaded = new ArrayList<>();
    while (assets.find()) {
      loaded.add(assets.group(1));
    }
    assertThat(loaded).contains("./swagger-ui-bundle.js", "./swagger-ui.css");
    assertThat(html).doesNotContain("src=\"http", "href=\"http://cdn", "https://unpkg", "https://cdn");
    for (String asset : loaded) {
      given().get(SERVER.baseUrl() + "/swagger-ui/" + asset.substring(2)).then().statusCode(200);
    }
    assertThat(given().get(SERVER.baseUrl() + "/swagger-ui/swagger-ui-bundle.js").asByteArray().length)
        .isGreaterThan(100_000);
  }

  @Test
  void theApiItselfKeepsItsStrictPolicy() {
    assertThat(given().get(SERVER.baseUrl() + "/metadata").header("Content-Security-Policy"))
        .isEqualTo("default-src 'none'; frame-ancestors 'none'");
  }
}
