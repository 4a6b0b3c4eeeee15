package dev.activityfhir.server.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activityfhir.server.harvest.DatasetSiteDiscovery.FeedLink;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DatasetSiteDiscoveryTest {

  private static final String SITE = "https://data.example.org/";
  private final DatasetSiteDiscovery discovery = new DatasetSiteDiscovery(RpdeClient.withDefaults());

  @Test
  void readsTheDistributionOfTheEmbeddedDataset() throws FetchException {
    String html =
        "<!DOCTYPE html><html><head><title>Demo Leisure Open Data</title>\n"
            + "<script type=\"application/ld+json\">{\"@type\":\"WebSite\",\"name\":\"not it\"}</script>\n"
            + "<SCRIPT TYPE='application/ld+json'>\n"
            + "{\"@context\":[\"https://schema.org/\",\"https://openactive.io/\"],\"@type\":\"Dataset\","
            + "\"@id\":\"https://data.example.org/\",\"name\":\"Demo Leisure Sessions and Facilities\","
            + "\"distribution\":["
            + "{\"@type\":\"DataDownload\",\"name\":\"SessionSeries\",\"additionalType\":"
            + "\"https://openactive.io/SessionSeries\",\"encodingFormat\":\"application/vnd.openactive.rpde+json; version=1\","
            + "\"contentUrl\":\"https://data.example.org/feeds/session-series\"},"
            + "{\"@type\":\"DataDownload\",\"additionalType\":\"https://openactive.io/ScheduledSession\","
            + "\"contentUrl\":\"feeds/scheduled-sessions\"},"
            + "{\"@type\":\"DataDownload\",\"additionalType\":\"https://openactive.io/SessionSeries\","
            + "\"contentUrl\":\"https://data.example.org/feeds/session-series\"}]}\n"
            + "</SCRIPT></head><body><h1>Demo</h1></body></html>";

    assertThat(discovery.feeds(html, SITE))
        .containsExactly(
            new FeedLink("https://data.example.org/feeds/session-series", "https://openactive.io/SessionSeries"),
            new FeedLink(
                "https://data.example.org/feeds/scheduled-sessions", "https://openactive.io/ScheduledSession"));
  }

  @Test
  void findsTheDatasetInAGraph() throws FetchException {
    String html =
        "<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"Organization\"},"
            + "{\"type\":\"Dataset\",\"distribution\":{\"contentUrl\":\"https://x.org/feed\"}}]}</script>";
    assertThat(discovery.feeds(html, SITE)).containsExactly(new FeedLink("https://x.org/feed", null));
  }

  @Test
  void aPageWithoutADatasetIsAnError() {
    assertThatThrownBy(() -> discovery.feeds("<html><body>Hello</body></html>", SITE))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("no JSON-LD Dataset");
  }

  @Test
  void tellsHtmlFromJsonByContentTypeOrFirstCharacter() {
    byte[] json = "  {\"items\":[]}".getBytes(StandardCharsets.UTF_8);
    byte[] html = "\n<!DOCTYPE html>".getBytes(StandardCharsets.UTF_8);
    assertThat(new FetchedDocument(SITE, "text/html; charset=utf-8", json).isHtml()).isTrue();
    assertThat(new FetchedDocument(SITE, "application/json", html).isHtml()).isFalse();
    assertThat(new FetchedDocument(SITE, "", html).isHtml()).isTrue();
    assertThat(new FetchedDocument(SITE, "text/plain", json).isHtml()).isFalse();
  }
}
