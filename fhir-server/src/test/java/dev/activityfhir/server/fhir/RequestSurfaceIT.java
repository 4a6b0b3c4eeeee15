package dev.activityfhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.server.web.RawHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * What well-formed requests get from the hardened surface: HEAD as GET without the body, form searches with and
 * without a query string, further pages typed searchset, CORS for reads only and never for origin {@code null},
 * 503 while loading as an OperationOutcome.
 */
class RequestSurfaceIT {

  @RegisterExtension static final FhirServerExtension SERVER = new FhirServerExtension(DemoData::load);

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void headAnswersWhatGetAnswersWithoutTheBody() throws Exception {
    for (String target :
        new String[] {"/fhir/HealthcareService?_count=2", "/fhir/metadata", "/fhir/CodeSystem/activity-list"}) {
      RawHttp.Response get = RawHttp.get(base(), target);
      RawHttp.Response head = RawHttp.send(base(), "HEAD " + target + " HTTP/1.1", "", new byte[0]);

      assertThat(head.status()).as(target).isEqualTo(200);
      assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
      assertThat(head.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(head.body()).isEmpty();
      assertThat(get.body()).isNotEmpty();
    }
  }

  @Test
  void formSearchesWithAndWithoutAQueryStringFindWhatGetFinds() throws Exception {
    JsonNode byGet = JSON.readTree(RawHttp.get(base(), "/fhir/HealthcareService?active=true&_count=3").body());

    JsonNode formOnly = JSON.readTree(form("/fhir/HealthcareService/_search", "active=true&_count=3").body());
    JsonNode queryAndForm = JSON.readTree(form("/fhir/HealthcareService/_search?_count=3", "active=true").body());

    assertThat(byGet.get("total").asInt()).isPositive();
    assertThat(formOnly.get("total")).isEqualTo(byGet.get("total"));
    assertThat(queryAndForm.get("total")).isEqualTo(byGet.get("total"));
    assertThat(formOnly.get("entry").findValuesAsText("fullUrl"))
        .isEqualTo(byGet.get("entry").findValuesAsText("fullUrl"));
  }

  @Test
  void aFurtherPageWithoutBundleTypeIsStillASearchset() throws Exception {
    JsonNode first = JSON.readTree(RawHttp.get(base(), "/fhir/Slot?_count=2").body());
    String next = first.get("link").findValues("url").get(1).asText();
    assertThat(next).contains("_bundletype=searchset");
    URI link = URI.create(next);
    String withoutType = link.getRawPath() + "?" + link.getRawQuery().replace("&_bundletype=searchset", "");

    RawHttp.Response page = RawHttp.get(base(), withoutType);

    assertThat(page.status()).isEqualTo(200);
    JsonNode bundle = JSON.readTree(page.body());
    assertThat(bundle.get("type").asText()).isEqualTo("searchset");
    assertThat(bundle.get("entry")).hasSize(2);
  }

  @Test
  void corsAllowsReadsFromWebOriginsOnlyAndExposesOnlyWhatClientsNeed() throws Exception {
    RawHttp.Response read =
        RawHttp.send(
            base(), "GET /fhir/HealthcareService?_count=1 HTTP/1.1", "Origin: https://gp.example\r\n", new byte[0]);
    RawHttp.Response fromNull =
        RawHttp.send(base(), "GET /fhir/HealthcareService?_count=1 HTTP/1.1", "Origin: null\r\n", new byte[0]);
    RawHttp.Response preflightWrite =
        RawHttp.send(
            base(),
            "OPTIONS /fhir/HealthcareService HTTP/1.1",
            "Origin: https://gp.example\r\nAccess-Control-Request-Method: PUT\r\n"
                + "Access-Control-Request-Headers: Authorization\r\n",
            new byte[0]);

    assertThat(read.header("Access-Control-Allow-Origin")).isEqualTo("https://gp.example");
    assertThat(read.header("Access-Control-Allow-Credentials")).isNull();
    assertThat(read.header("Access-Control-Expose-Headers").split(",\\s*"))
        .containsExactlyInAnyOrder("ETag", "Location", "Content-Location", "Last-Modified");
    assertThat(fromNull.header("Access-Control-Allow-Origin")).isNull();
    assertThat(preflightWrite.header("Access-Control-Allow-Methods")).doesNotContain("PUT");
    assertThat(preflightWrite.header("Access-Control-Allow-Methods")).contains("GET");
    assertThat(String.valueOf(preflightWrite.header("Access-Control-Allow-Headers"))).doesNotContain("Authorization");
  }

  @Test
  void whileLoadingAnswers503WithAnOperationOutcome() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    SERVER.setReady(false);
    try {
      RawHttp.Response response = RawHttp.get(base(), "/fhir/HealthcareService?_count=1");

      // Expected while loading: one INFO line, no ERROR, no stack trace.
      assertThat(logged.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO);
      assertThat(logged.list.get(0).getFormattedMessage()).isEqualTo("503 while loading: GET HealthcareService");
      assertThat(logged.list.get(0).getThrowableProxy()).isNull();
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.header("Retry-After")).isEqualTo("5");
      JsonNode issue = JSON.readTree(response.body()).get("issue").get(0);
      assertThat(issue.get("code").asText()).isEqualTo("transient");
    } finally {
      root.detachAppender(logged);
      SERVER.setReady(true);
    }
  }

  private static RawHttp.Response form(String target, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return RawHttp.send(
        base(),
        "POST " + target + " HTTP/1.1",
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + bytes.length + "\r\n",
        bytes);
  }

  private static URI base() {
    return URI.create(SERVER.baseUrl());
  }
}
