package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A plausible SessionSeries with one thing changed at a time, the way real feeds differ from the
 * examples (field values as seen in the wild, per NOTES.md).
 */
final class MessyData {

  static final String FEED = "https://publisher.example/feeds/session-series";
  static final String SERIES_ID = "https://publisher.example/session-series/42";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE =
      """
      {
        "@context": "https://openactive.io/",
        "@type": "SessionSeries",
        "@id": "https://publisher.example/session-series/42",
        "name": "Walking Netball for beginners",
        "url": "https://publisher.example/book/42",
        "activity": [{"@type": "Concept",
                      "@id": "https://openactive.io/activity-list#1e48de7e-4f8f-49bd-8ab3-9d92edf2cedc",
                      "prefLabel": "Walking Netball"}],
        "organizer": {"@type": "Organization", "@id": "https://publisher.example/org/1",
                      "name": "Hackney Leisure Trust", "url": "https://hlt.example"},
        "location": {"@type": "Place", "name": "Clapton Sports Hall",
                     "address": {"@type": "PostalAddress", "streetAddress": "1 Mare Street",
                                 "addressLocality": "London", "postalCode": "E8 4RP", "addressCountry": "GB"},
                     "geo": {"@type": "GeoCoordinates", "latitude": 51.5452, "longitude": -0.0553}},
        "eventSchedule": [{"@type": "Schedule", "repeatFrequency": "P1W",
                           "byDay": ["https://schema.org/Wednesday"],
                           "startTime": "18:30", "endTime": "19:30",
                           "scheduleTimezone": "Europe/London"}],
        "offers": [{"@type": "Offer", "name": "Adult", "price": 4.5, "priceCurrency": "GBP"}]
      }
      """;

  private MessyData() {}

  /** The base series with {@code changes} (a JSON object) applied; a null member removes it. */
  static OpenActiveItem series(String changes) {
    return series("1521565719", changes);
  }

  static OpenActiveItem series(String modified, String changes) {
    ObjectNode data = (ObjectNode) read(BASE);
    read(changes)
        .fields()
        .forEachRemaining(
            field -> {
              if (field.getValue().isNull()) {
                data.remove(field.getKey());
              } else {
                data.set(field.getKey(), field.getValue());
              }
            });
    return new OpenActiveItem(FEED, "42", modified, data, Examples.HARVESTED_AT, Examples.CC_BY);
  }

  /** Every resource of a mapped parent, its Schedule included, for validation. */
  static List<IBaseResource> resources(
      OpenActiveMapper mapper, OpenActiveItem item, MappedParent mapped) {
    List<IBaseResource> resources = new ArrayList<>();
    resources.add(mapped.service());
    if (mapped.location() != null) {
      resources.add(mapped.location());
    }
    if (mapped.organization() != null) {
      resources.add(mapped.organization());
    }
    resources.addAll(mapped.ownSlots());
    resources.add(mapper.mapSchedule(item, mapped.ownSlots()));
    return resources;
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
