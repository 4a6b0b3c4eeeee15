package dev.activityfhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.server.web.RawHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed requests, sent byte for byte over a socket: each answers a 4xx with a FHIR
 * OperationOutcome, never a 5xx, HTML, a stack trace, an exception name or a version; and every response carries
 * the security headers.
 */
class HostileRequestIT {

  @RegisterExtension static final FhirServerExtension SERVER = new FhirServerExtension(DemoData::load);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FORM = "Content-Type: application/x-www-form-urlencoded\r\n";

  static Stream<Arguments> hostileRequests() {
    String manyParameters =
        IntStream.range(0, 3000).mapToObj(i -> "name=a" + i).collect(Collectors.joining("&"));
    String longId = "a".repeat(65);
    return Stream.of(
        get("/fhir/HealthcareService?name=%", 400, "Malformed percent-encoding '%'"),
        get("/fhir/HealthcareService?name=%zz", 400, "%zz"),
        get("/fhir/HealthcareService?name=%u0041", 400, "%u0"),
        get("/fhir/HealthcareService?name=%C3%28", 400, "UTF-8"),
        get("/fhir/HealthcareService?name=%00", 400, "Control character"),
        get("/fhir/HealthcareService?" + manyParameters.substring(0, 1500), 400, "Too many parameters"),
        form("name=%", 400, "Malformed percent-encoding"),
        form("name=%zz&_count=5", 400, "Malformed percent-encoding"),
        form(manyParameters, 400, "Too many parameters"),
        form("name=" + "a".repeat(70_000), 413, "Form body larger"),
        get("/fhir/HealthcareService?_count=-1", 400, "_count"),
        get("/fhir/HealthcareService?_count=501", 400, "_count"),
        get("/fhir/HealthcareService?_count=abc", 400, "_count"),
        get("/fhir/HealthcareService?_count=5&_count=6", 400, "_count"),
        get("/fhir/HealthcareService?_format=evil", 400, "_format"),
        get("/fhir/HealthcareService/dummy?_format=evil", 400, "_format"),
        get("/fhir/metadata?_format=evil", 400, "_format"),
        get("/fhir/HealthcareService?_summary=bogus", 400, "_summary"),
        get("/fhir/HealthcareService?_total=bogus", 400, "_total"),
        get("/fhir/HealthcareService?_elements=***", 400, "_elements"),
        get("/fhir/HealthcareService?_pretty=maybe", 400, "_pretty"),
        get("/fhir/HealthcareService?_bundletype=document", 400, "_bundletype"),
        get("/fhir/HealthcareService?_sneaky=1", 400, "_sneaky"),
        get("/fhir?_getpages=abc&_getpagesoffset=-1", 400, "_getpagesoffset"),
        get("/fhir?_getpages=abc&_getpagesoffset=x", 400, "_getpagesoffset"),
        get("/fhir?_getpages=abc&_count=1000", 400, "_count"),
        get("/fhir?_getpages=../../etc&_getpagesoffset=0", 400, "_getpages"),
        get("/fhir?_getpages=abc&_pageId=1", 400, "_pageId"),
        get("/fhir?_getpages=0b5e7bd2-0000-3000-8000-000000000000&_getpagesoffset=20", 410, "0b5e7bd2"),
        get("/fhir/HealthcareService?_id=" + longId, 400, "_id"),
        get("/fhir/HealthcareService?_id=a%20b", 400, "_id"),
        get("/fhir/HealthcareService?_include=HealthcareService:location&_include:iterate=HealthcareService:location",
            400, "_include:iterate"),
        get("/fhir/HealthcareService?_include=Location:partof", 400, "Location:partof"),
        get("/fhir/HealthcareService?_revinclude=Location:partof", 400, "Location:partof"),
        get("/fhir/Patient", 404, "Patient"),
        get("/fhir/Patient?_count=5", 404, "Patient"),
        get("/fhir/HealthcareService/%zz", 400, "Bad Request"),
        get("/fhir/HealthcareService/..%2F..%2Fetc%2Fpasswd", 400, "Bad Request"),
        get("/fhir/HealthcareService/%2e%2e/%2e%2e/etc", 400, "Bad Request"),
        get("/fhir/HealthcareService/a%00b", 400, "Bad Request"),
        get("/fhir/" + "x".repeat(9000), 414, "URI Too Long"),
        raw("FOO /fhir/HealthcareService HTTP/1.1", "", "", 405, "Method not allowed"),
        raw("PUT /fhir/HealthcareService/x HTTP/1.1", "Content-Type: application/fhir+json\r\nContent-Length: 2\r\n",
            "{}", 405, "read-only"),
        raw("POST /fhir/HealthcareService HTTP/1.1", "Content-Type: application/fhir+json\r\nContent-Length: 2\r\n",
            "{}", 405, "read-only"),
        raw("DELETE /fhir/Location/x HTTP/1.1", "", "", 405, "read-only"),
        raw("PATCH /fhir/Slot/x HTTP/1.1", "Content-Type: application/json-patch+json\r\nContent-Length: 2\r\n",
            "[]", 405, "read-only"),
        raw("GET /fhir/HealthcareService HTTP/1.1", "X-Big: " + "b".repeat(20_000) + "\r\n", "", 431, null),
        raw("GET /fhir/HealthcareService HTTP/1.1", "Content-Length: abc\r\n", "", 400, null),
        get("/fhir/HealthcareService?_include=*", 400, "_include"),
        get("/fhir/../fhir/HealthcareService", 404, "Unknown resource type"),
        get("/fhir/HealthcareService/../../../etc/passwd", 400, null),
        get("/fhir/HealthcareService?name=a%E2%80", 400, "UTF-8"),
        raw("GET /fhir/HealthcareService HTTP/1.1", "X-Evil: a\u0000b\r\n", "", 400, null),
        raw("G(T /fhir/HealthcareService HTTP/1.1", "", "", 400, null),
        raw("POST /fhir/HealthcareService/_search HTTP/1.1",
            FORM + "Transfer-Encoding: chunked\r\n", "zz\r\nname=a\r\n0\r\n\r\n", 400, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileRequests")
  void answersAClientErrorWithAnOperationOutcomeAndNothingLeaked(
      String requestLine, String headers, String body, int status, String diagnosticsContains) throws Exception {
    RawHttp.Response response =
        RawHttp.send(base(), requestLine, headers, body.getBytes(StandardCharsets.ISO_8859_1));

    assertThat(response.status()).as(requestLine).isEqualTo(status);
    assertThat(response.header("Content-Type")).as(requestLine).startsWith("application/fhir+json");
    JsonNode outcome = JSON.readTree(response.body());
    assertThat(outcome.get("resourceType").asText()).isEqualTo("OperationOutcome");
    JsonNode issue = outcome.get("issue").get(0);
    assertThat(issue.get("severity").asText()).isEqualTo("error");
    if (diagnosticsContains != null) {
      assertThat(issue.get("diagnostics").asText()).as(requestLine).contains(diagnosticsContains);
    }
    assertNothingLeaked(response);
  }

  @Test
  void aParameterErrorNamesTheParameterAsTheIssueExpression() throws Exception {
    RawHttp.Response response = RawHttp.get(base(), "/fhir/HealthcareService?_summary=bogus");

    JsonNode issue = JSON.readTree(response.body()).get("issue").get(0);
    assertThat(issue.get("code").asText()).isEqualTo("invalid");
    assertThat(issue.get("expression").get(0).asText()).isEqualTo("_summary");
  }

  @Test
  void writesToDirectoryTypesNameTheMethodsAllowed() throws Exception {
    RawHttp.Response instance = RawHttp.send(base(), "DELETE /fhir/HealthcareService/x HTTP/1.1", "", new byte[0]);
    RawHttp.Response search =
        RawHttp.send(base(), "PUT /fhir/HealthcareService/_search HTTP/1.1", "Content-Length: 0\r\n", new byte[0]);

    assertThat(instance.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(search.status()).isEqualTo(405);
    assertThat(search.header("Allow")).isEqualTo("GET, HEAD, POST");
  }

  @Test
  void everyResponseCarriesTheSecurityHeadersAndNoVersion() throws Exception {
    for (String target :
        new String[] {
          "/fhir/HealthcareService?_count=1", "/fhir/metadata", "/fhir/HealthcareService?_count=-1",
          "/fhir/HealthcareService/%zz", "/elsewhere"
        }) {
      RawHttp.Response response = RawHttp.get(base(), target);
      assertThat(response.header("X-Content-Type-Options")).as(target).isEqualTo("nosniff");
      if (target.startsWith("/fhir")) {
        assertThat(response.header("Content-Security-Policy"))
            .as(target)
            .isEqualTo("default-src 'none'; frame-ancestors 'none'");
      }
      assertNothingLeaked(response);
    }
  }

  @Test
  void outsideTheApiAnErrorIsOnePlainLine() throws Exception {
    RawHttp.Response response = RawHttp.get(base(), "/elsewhere");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.header("Content-Type")).startsWith("text/plain");
    assertThat(response.body()).isEqualTo("404 Not Found\n");
    assertThat(response.header("Content-Security-Policy")).isNull();
  }

  private static void assertNothingLeaked(RawHttp.Response response) {
    assertThat(response.header("Server")).isNull();
    assertThat(response.header("X-Powered-By")).isNull();
    assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    String everything = response.headers() + "\n" + response.body();
    assertThat(everything)
        .doesNotContainIgnoringCase("jetty")
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("<html")
        .doesNotContain("12.1.")
        .doesNotContain("8.8.0");
  }

  private static URI base() {
    return URI.create(SERVER.baseUrl());
  }

  private static Arguments get(String target, int status, String diagnosticsContains) {
    return raw("GET " + target + " HTTP/1.1", "", "", status, diagnosticsContains);
  }

  private static Arguments form(String body, int status, String diagnosticsContains) {
    return raw(
        "POST /fhir/HealthcareService/_search HTTP/1.1",
        FORM + "Content-Length: " + body.length() + "\r\n",
        body,
        status,
        diagnosticsContains);
  }

  private static Arguments raw(String requestLine, String headers, String body, int status, String contains) {
    return Arguments.of(requestLine, headers, body, status, contains);
  }
}
