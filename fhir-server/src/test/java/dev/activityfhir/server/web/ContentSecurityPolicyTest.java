package dev.activityfhir.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentSecurityPolicyTest {

  @ParameterizedTest
  @CsvSource({
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png, https://tile.openstreetmap.org",
    "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png, https://*.tile.openstreetmap.org",
    "http://127.0.0.1:9/{z}/{x}/{y}.png, http://127.0.0.1:9",
    "https://tiles.example.org:8443/osm/{z}/{x}/{y}.png?key=abc, https://tiles.example.org:8443"
  })
  void allowsImagesFromTheTileServerOnly(String template, String source) {
    assertThat(ContentSecurityPolicy.tileSource(template)).isEqualTo(source);
    assertThat(ContentSecurityPolicy.forTiles(template))
        .contains("img-src 'self' data: " + source + ";")
        .contains("script-src 'self';")
        .doesNotContain("unsafe");
  }
}
