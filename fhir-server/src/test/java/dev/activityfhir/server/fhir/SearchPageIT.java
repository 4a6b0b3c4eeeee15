package dev.activityfhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Search pages over the demo directory: plain JSON pages are written from the stored JSON of each resource
 * ({@link SearchPageInterceptor}) and must be exactly what HAPI writes; other pages are HAPI's own, from the
 * rendered resources; bodies are sent whole with their length, or in pieces when large ({@link
 * BufferedTextResponse}).
 */
class SearchPageIT {

  @RegisterExtension static final FhirServerExtension SERVER = new FhirServerExtension(DemoData::load);

  private static final IParser JSON = FhirContext.forR4Cached().newJsonParser();
  private static final ObjectMapper OBJECTS = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final List<String> SEARCHES =
      List.of(
          "HealthcareService?location.near=51.5074|-0.1278|8|km&_count=10",
          "HealthcareService?_count=25&_include=HealthcareService:location&_include=HealthcareService:organization",
          "Location?near=51.5074|-0.1278|5|km&_revinclude=HealthcareService:location&_count=4",
          "Schedule?_count=3&_revinclude=Slot:schedule&_include=Schedule:actor",
          "Slot?_count=50&_sort=start&_include=Slot:schedule",
          "Organization?_count=100");

  @Test
  void plainJsonPagesAreTheBytesHapiWrites() throws Exception {
    int pages = 0;
    for (String search : SEARCHES) {
      String url = SERVER.baseUrl() + "/" + search;
      for (int page = 0; page < 3 && url != null; page++, pages++) {
        Page plain = get(url);
        String body = plain.asString();
        Bundle bundle = JSON.parseResource(Bundle.class, body);
        assertThat(bundle.getEntry()).as(url).isNotEmpty();
        // HAPI writes what it reads back exactly as the server sent it, and the same entries as when it encodes
        // the page itself (pretty-printing leaves the page to HAPI).
        assertThat(JSON.encodeResourceToString(bundle)).as(url).isEqualTo(body);
        JsonNode hapi = OBJECTS.readTree(get(url + (url.contains("?") ? "&" : "?") + "_pretty=true").asString());
        JsonNode spliced = OBJECTS.readTree(body);
        assertThat(spliced.get("entry")).as(url).isEqualTo(hapi.get("entry"));
        assertThat(spliced.get("total")).isEqualTo(hapi.get("total"));
        assertThat(plain.header("Content-Length")).isEqualTo(Integer.toString(plain.bytes().length));
        assertThat(plain.header("Last-Modified")).isNotBlank();
        Bundle.BundleLinkComponent next = bundle.getLink("next");
        url = next == null ? null : next.getUrl();
      }
    }
    assertThat(pages).isGreaterThan(SEARCHES.size());
  }

  @Test
  void proximityPagesCarryDistancesAndFurtherPagesTheirContentLocation() {
    Page first = get(SERVER.baseUrl() + "/HealthcareService?location.near=51.5074|-0.1278|8|km&_count=10");
    Bundle bundle = JSON.parseResource(Bundle.class, first.asString());
    Bundle.BundleEntryComponent nearest = bundle.getEntryFirstRep();
    assertThat(nearest.getSearch().getMode()).isEqualTo(Bundle.SearchEntryMode.MATCH);
    assertThat(nearest.getSearch().getExtensionByUrl(DistanceInterceptor.LOCATION_DISTANCE)).isNotNull();
    assertThat(((HealthcareService) nearest.getResource()).getName()).isNotBlank();
    assertThat(nearest.getResource().getMeta().getVersionId()).isEqualTo("1");

    // As HAPI does for a further page: Content-Location names the page's own Bundle id.
    for (String next : List.of(bundle.getLink("next").getUrl(), bundle.getLink("next").getUrl() + "&_pretty=true")) {
      Page page = get(next);
      String id = JSON.parseResource(Bundle.class, page.asString()).getIdElement().getIdPart();
      assertThat(page.header("Content-Location")).as(next).isEqualTo(SERVER.baseUrl() + "/Bundle/" + id);
    }
  }

  @Test
  void includedResourcesComeInTheOrderOfTheIncludesNames() {
    Bundle page =
        JSON.parseResource(
            Bundle.class,
            get(SERVER.baseUrl() + "/HealthcareService?_count=1"
                    + "&_include=HealthcareService:organization&_include=HealthcareService:location")
                .asString());

    assertThat(page.getEntry())
        .extracting(e -> e.getResource().fhirType() + " " + e.getSearch().getMode().toCode())
        .containsExactly("HealthcareService match", "Location include", "Organization include");
  }

  @Test
  void otherPagesAreHapisOwnFromTheRenderedResources() {
    String search = SERVER.baseUrl() + "/Location?near=51.5074|-0.1278|5|km&_revinclude=HealthcareService:location";
    Bundle xml =
        FhirContext.forR4Cached().newXmlParser().parseResource(Bundle.class, get(search + "&_format=xml").asString());
    assertThat(xml.getEntry()).isNotEmpty();
    assertThat(xml.getEntry())
        .allSatisfy(e -> assertThat(e.getResource().getMeta().getLastUpdated()).isNotNull())
        .anySatisfy(e -> assertThat(e.getResource()).isInstanceOfSatisfying(
            Location.class, l -> assertThat(l.getPosition().getLatitude()).isNotNull()))
        .anySatisfy(e -> assertThat(e.getResource()).isInstanceOfSatisfying(
            HealthcareService.class, s -> assertThat(s.getName()).isNotBlank()));

    Bundle elements = JSON.parseResource(Bundle.class, get(search + "&_elements=name").asString());
    Location location = (Location) elements.getEntryFirstRep().getResource();
    assertThat(location.getName()).isNotBlank();
    assertThat(location.hasPosition()).isFalse();
  }

  @Test
  void pagesAreCompressedForClientsThatAcceptGzip() throws IOException {
    String search = SERVER.baseUrl() + "/Slot?_count=40&_sort=start&status=free";
    get(search, "gzip, deflate"); // responses are kept from the second asking on
    Page gzipped = get(search, "gzip, deflate");
    assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(gzipped.header("Content-Length")).isEqualTo(Integer.toString(gzipped.bytes().length));
    String text;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.bytes()))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(gzipped.bytes().length).isLessThan(text.length() / 5);
    Bundle bundle = JSON.parseResource(Bundle.class, text);
    assertThat(bundle.getEntry()).hasSize(40);
    assertThat(JSON.encodeResourceToString(bundle)).isEqualTo(text);
    // The cache kept the text: the same page again, to a client without gzip.
    assertThat(get(search).asString()).isEqualTo(text);
  }

  @Test
  void largeXmlPagesAreSentInPiecesAndStillWhole() {
    Page large = get(SERVER.baseUrl() + "/HealthcareService?_count=500&_format=xml");
    byte[] body = large.bytes();
    assertThat(body.length).isGreaterThan(BufferedTextResponse.BUFFERED_CHARS);
    assertThat(large.header("Content-Length")).isNull();
    Bundle bundle =
        FhirContext.forR4Cached().newXmlParser().parseResource(Bundle.class, new String(body, StandardCharsets.UTF_8));
    assertThat(bundle.getEntry()).hasSize(Math.min(500, bundle.getTotal()));
  }

  @Test
  void answersFromTheResponseCacheKeepTheirCompression() throws IOException {
    // The first asking renders, the second stores, the third and later answer from the response cache.
    String url = SERVER.baseUrl() + "/HealthcareService?_count=40&name:contains=a&_sort=name";
    Bundle plain = JSON.parseResource(Bundle.class, get(url).asString());
    assertThat(plain.getEntry()).hasSizeGreaterThan(10);
    String stored = null;
    for (int asking = 2; asking <= 5; asking++) {
      Page gzipped = get(url, "gzip");
      assertThat(gzipped.header("Content-Encoding")).as("asking %d", asking).isEqualTo("gzip");
      assertThat(String.join(",", gzipped.headers().allValues("Vary"))).as("asking %d", asking)
          .contains("Accept-Encoding");
      String text;
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.bytes()))) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (stored == null) {
        stored = text; // the second asking is rendered and stored; the later ones are its bytes
        assertThat(JSON.parseResource(Bundle.class, text).getEntry())
            .extracting(e -> e.getResource().getIdElement().getIdPart())
            .containsExactlyElementsOf(
                plain.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList());
      }
      assertThat(text).as("asking %d", asking).isEqualTo(stored);
    }
    Page uncompressed = get(url);
    assertThat(uncompressed.header("Content-Encoding")).isNull();
    assertThat(uncompressed.asString()).isEqualTo(stored);
  }

  @Test
  void gzipRefusedWithQualityZeroIsNotUsed() {
    Page plain = get(SERVER.baseUrl() + "/Slot?_count=30&_sort=start&status=busy", "gzip;q=0.0, identity");

    assertThat(plain.header("Content-Encoding")).isNull();
    assertThat(JSON.parseResource(Bundle.class, plain.asString()).getEntry()).hasSize(30);
  }

  @Test
  void largeJsonPagesAreSentWholeWithTheirLength() {
    Page large = get(SERVER.baseUrl() + "/HealthcareService?_count=500");
    byte[] body = large.bytes();
    assertThat(body.length).isGreaterThan(BufferedTextResponse.BUFFERED_CHARS);
    assertThat(large.header("Content-Length")).isEqualTo(String.valueOf(body.length));
    Bundle bundle = JSON.parseResource(Bundle.class, new String(body, StandardCharsets.UTF_8));
    assertThat(bundle.getEntry()).hasSize(Math.min(500, bundle.getTotal()));
    assertThat(JSON.encodeResourceToString(bundle)).isEqualTo(new String(body, StandardCharsets.UTF_8));
  }

  /** A GET without {@code Accept-Encoding}, as a plain HTTP client sends it. */
  private static Page get(String url) {
    return get(url, null);
  }

  private static Page get(String url, String acceptEncoding) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.replace("|", "%7C")));
    if (acceptEncoding != null) {
      request.header("Accept-Encoding", acceptEncoding);
    }
    try {
      HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).as(url).isEqualTo(200);
      return new Page(response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private record Page(HttpHeaders headers, byte[] bytes) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    String asString() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
