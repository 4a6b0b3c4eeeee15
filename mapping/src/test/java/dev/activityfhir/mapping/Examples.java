package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The real OpenActive examples copied into test resources, read as RPDE pages. */
final class Examples {

  static final Instant HARVESTED_AT = Instant.parse("2026-01-15T09:30:00Z");
  static final String CC_BY = "https://creativecommons.org/licenses/by/4.0/";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Examples() {}

  static JsonNode read(String name) {
    try (InputStream in = Examples.class.getResourceAsStream("examples/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no example " + name);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first item's data of an RPDE page example. */
  static JsonNode firstData(String name) {
    return read(name).get("items").get(0).get("data");
  }

  /** Every updated item of an RPDE page example, as the harvester would hand it over. */
  static List<OpenActiveItem> items(String name) {
    JsonNode page = read(name);
    String feedUrl = page.get("next").asText().replaceFirst("\\?.*$", "");
    List<OpenActiveItem> items = new ArrayList<>();
    for (JsonNode item : page.get("items")) {
      items.add(
          new OpenActiveItem(
              feedUrl,
              item.get("id").asText(),
              item.get("modified").asText(),
              item.get("data"),
              HARVESTED_AT,
              page.path("license").asText(CC_BY)));
    }
    return items;
  }

  static OpenActiveItem first(String name) {
    return items(name).get(0);
  }

  /** The parent embedded in a combined child item ({@code superEvent} object), as its own item. */
  static OpenActiveItem embeddedParent(OpenActiveItem child) {
    return new OpenActiveItem(
        child.feedUrl(),
        child.rpdeId(),
        child.modified(),
        child.data().get("superEvent"),
        child.harvestedAt(),
        child.license());
  }

  /** An item built from inline JSON, for messy-data cases. */
  static OpenActiveItem item(String feedUrl, String modified, String dataJson) {
    try {
      return new OpenActiveItem(feedUrl, "1", modified, JSON.readTree(dataJson), HARVESTED_AT, CC_BY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
