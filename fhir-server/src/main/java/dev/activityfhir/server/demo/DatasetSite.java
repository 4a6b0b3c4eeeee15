package dev.activityfhir.server.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.LocalDate;

/**
 * The OpenActive dataset site of the demo: an HTML page whose embedded JSON-LD schema.org {@code Dataset}
 * lists the four RPDE feeds as {@code DataDownload} distributions (OpenActive Dataset API Discovery 1.0).
 */
final class DatasetSite {

  static final String LICENSE = "https://creativecommons.org/licenses/by/4.0/";
  static final String RPDE_FORMAT = "application/vnd.openactive.rpde+json; version=1";
  static final String NAME = "Activity FHIR demo sessions (London) - DEMO DATA";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private DatasetSite() {}

  /** The JSON-LD Dataset for a site whose absolute URL is {@code siteUrl} (ending in a slash). */
  static ObjectNode dataset(String siteUrl, LocalDate modified) {
    ObjectNode dataset = JSON.objectNode();
    dataset.set("@context", JSON.arrayNode().add("https://schema.org/").add("https://openactive.io/"));
    dataset.put("@type", "Dataset");
    dataset.put("@id", siteUrl);
    dataset.put("url", siteUrl);
    dataset.put("name", NAME);
    dataset.put("description", "Fictional physical activity sessions across London postcode districts, generated "
        + "by the Activity FHIR server so that it has data to harvest out of the box. This is demo data: the "
        + "sessions, venues and providers do not exist. Activities and accessibility support come from the "
        + "OpenActive lists; district centroids from academe/UK-Postcodes (Dan Gibbs' database).");
    dataset.set("keywords", JSON.arrayNode().add("demo data").add("London").add("physical activity")
        .add("social prescribing"));
    dataset.put("license", LICENSE);
    dataset.put("schemaVersion", "https://openactive.io/modelling-opportunity-data/2.0/");
    dataset.put("inLanguage", "en-GB");
    dataset.put("datePublished", "2025-11-25");
    dataset.put("dateModified", modified.toString());
    ObjectNode publisher = JSON.objectNode();
    publisher.put("@type", "Organization");
    publisher.put("name", "Activity FHIR demo (fictional publisher)");
    publisher.put("url", siteUrl);
    publisher.put("description", "The Activity FHIR project, publishing generated demo data only.");
    dataset.set("publisher", publisher);
    ArrayNode distribution = JSON.arrayNode();
    for (DemoFeed feed : DemoFeed.values()) {
      ObjectNode download = JSON.objectNode();
      download.put("@type", "DataDownload");
      download.put("name", feed.type());
      download.put("additionalType", "https://openactive.io/" + feed.type());
      download.put("encodingFormat", RPDE_FORMAT);
      download.put("contentUrl", siteUrl + "feeds/" + feed.path());
      download.put("identifier", feed.path());
      distribution.add(download);
    }
    dataset.set("distribution", distribution);
    return dataset;
  }

  /** The dataset site page. */
  static String html(String siteUrl, LocalDate modified) {
    String json;
    try {
      json = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(dataset(siteUrl, modified));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder feeds = new StringBuilder();
    for (DemoFeed feed : DemoFeed.values()) {
      String url = escape(siteUrl + "feeds/" + feed.path());
      feeds.append("    <li>").append(escape(feed.type())).append(": <a href=\"").append(url).append("\">")
          .append(url).append("</a></li>\n");
    }
    return "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>"
        + escape(NAME) + "</title>\n  <script type=\"application/ld+json\">\n"
        // "</" would end the script element early; JSON allows the escaped solidus.
        + json.replace("</", "<\\/") + "\n  </script>\n</head>\n<body>\n  <h1>" + escape(NAME) + "</h1>\n"
        + "  <p><strong>Demo data.</strong> Every session, venue and provider in these feeds is fictional and "
        + "generated; nothing here can be attended or booked.</p>\n"
        + "  <p>OpenActive RPDE feeds (licence <a href=\"" + LICENSE + "\">CC BY 4.0</a>):</p>\n  <ul>\n"
        + feeds + "  </ul>\n</body>\n</html>\n";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
