package dev.activityfhir.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.server.Application;
import dev.activityfhir.server.config.AppConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Activity Finder page as HTTP serves it: the page at {@code /} with the configured tile server in its policy
 * and markup, versioned assets cached for a year with the right types and gzip, revalidation by ETag, 404 for
 * anything else, and the whole page (Leaflet included) under 250 KB compressed.
 */
class WebPageIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TILES = "https://{s}.tiles.example.org/osm/{z}/{x}/{y}.png";

  @TempDir static Path dataDir;
  private static Application app;

  @BeforeAll
  static void start() throws Exception {
    app =
        Application.newServer(
            AppConfig.fromEnvironment(
                Map.of(
                    "PORT", "0",
                    "BIND_ADDRESS", "127.0.0.1",
                    "DATA_DIR", dataDir.toString(),
                    "OPENACTIVE_FEEDS", "http://127.0.0.1:9/feed",
                    "MAP_TILE_URL", TILES)));
    app.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void servesThePageWithItsPolicyAndTheConfiguredTiles() throws Exception {
    HttpResponse<String> page = get("/", Map.of());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValue(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https://*.tiles.example.org;"
                + " connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self';"
                + " frame-ancestors 'none'");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.body())
        .contains("data-tile-url=\"https://{s}.tiles.example.org/osm/{z}/{x}/{y}.png\"")
        .contains("data-oidc-issuer=\"\" data-oidc-client-id=\"activity-finder\" data-oidc-scope=\"openid profile\"")
        .doesNotContain("{{")
        .doesNotContain("<script>")
        .doesNotContain(" style=");
    // No inline script anywhere: every script element names a source under the versioned assets.
    Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(page.body());
    int count = 0;
    while (scripts.find()) {
      assertThat(scripts.group(1)).matches(".* src=\"/assets/[0-9a-f]{12}/[^\"]+\".*");
      count++;
    }
    assertThat(count).isEqualTo(3); // Leaflet, oidc-client-ts, the page's module
  }

  @Test
  void versionedAssetsAreCachedForAYearWithTheirTypesAndGzip() throws Exception {
    String base = assetBase();
    Map<String, String> types =
        Map.of(
            "/js/app.js", "text/javascript; charset=utf-8",
            "/css/finder.css", "text/css; charset=utf-8",
            "/vendor/leaflet/leaflet.js", "text/javascript; charset=utf-8",
            "/img/icon.svg", "image/svg+xml");
    for (Map.Entry<String, String> asset : types.entrySet()) {
      HttpResponse<byte[]> response = getBytes(base + asset.getKey(), Map.of("Accept-Encoding", "gzip"));
      assertThat(response.statusCode()).as(asset.getKey()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").map(t -> t.replace(";charset", "; charset")))
          .as(asset.getKey())
          .hasValue(asset.getValue());
      assertThat(response.headers().firstValue("Cache-Control"))
          .hasValue("public, max-age=31536000, immutable");
      assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
      assertThat(response.headers().firstValue("Vary")).hasValue("Accept-Encoding");
      assertThat(gunzip(response.body())).isNotEmpty();
    }
    HttpResponse<String> plain = get(base + "/js/query.js", Map.of());
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(plain.body()).contains("export function serviceQuery");
  }

  @Test
  void revalidatesByEtagAndDoesNotCacheAnOldVersionForGood() throws Exception {
    String base = assetBase();
    HttpResponse<String> first = get(base + "/css/finder.css", Map.of());
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = get(base + "/css/finder.css", Map.of("If-None-Match", etag));
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();

    HttpResponse<String> old = get("/assets/000000000000/css/finder.css", Map.of());
    assertThat(old.statusCode()).isEqualTo(200);
    assertThat(old.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(old.body()).isEqualTo(first.body());
  }

  @Test
  void answers404ForAnythingElseAndNeverServesOutsideTheAssets() throws Exception {
    String base = assetBase();
    for (String path :
        new String[] {"/nothing", base + "/js/missing.js", base + "/../index.html", "/assets/x", base + "/index.html"}) {
      HttpResponse<String> response = get(path, Map.of());
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.body()).as(path).startsWith("Not found.");
    }
    // The FHIR API and health keep their own paths.
    assertThat(get("/health", Map.of()).statusCode()).isEqualTo(200);
    assertThat(get("/fhir/metadata", Map.of()).headers().firstValue("Content-Type").orElseThrow())
        .contains("fhir+json");
  }

  @Test
  void thePageWithAllItsAssetsIsUnder250KilobytesCompressed() throws Exception {
    String base = assetBase();
    long total = getBytes("/", Map.of("Accept-Encoding", "gzip")).body().length;
    for (String path :
        new String[] {
          "/js/app.js", "/js/activities.js", "/js/api.js", "/js/combobox.js", "/js/dom.js", "/js/fhir.js",
          "/js/format.js", "/js/map.js", "/js/query.js", "/js/results.js", "/js/session.js", "/js/session-page.js", "/js/nhs-number.js",
          "/js/auth.js", "/js/account.js", "/js/signed-in-user.js", "/js/referral-views.js", "/js/referral-form.js",
          "/js/referral-bundle.js", "/js/referral-input.js", "/js/referral-api.js", "/js/referral-details.js",
          "/js/referral-page.js", "/js/referral-list.js", "/js/my-referrals.js", "/js/provider-tasks.js", "/js/task-actions.js",
          "/css/finder.css", "/img/icon.svg", "/vendor/leaflet/leaflet.js", "/vendor/leaflet/leaflet.css",
          "/vendor/oidc-client-ts/oidc-client-ts.min.js"
        }) {
      HttpResponse<byte[]> response = getBytes(base + path, Map.of("Accept-Encoding", "gzip"));
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      total += response.body().length;
    }
    assertThat(total).isLessThan(250 * 1024);
  }

  private static String assetBase() throws Exception {
    Matcher m = Pattern.compile("href=\"(/assets/[0-9a-f]{12})/css/finder.css\"").matcher(get("/", Map.of()).body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static HttpResponse<byte[]> getBytes(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }
}
