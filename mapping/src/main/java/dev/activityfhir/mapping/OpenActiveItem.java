package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One harvested OpenActive RPDE item, as the mappers see it.
 *
 * @param feedUrl the RPDE feed the item came from (base URL, without paging parameters)
 * @param rpdeId the RPDE item {@code id}; not the same as {@code data.@id}
 * @param modified the RPDE {@code modified} value, kept opaque (a long or an ISO string)
 * @param data the item's {@code data} (JSON-LD); never null for an updated item
 * @param harvestedAt when this version of the item was harvested
 * @param license the feed's licence URL (usually CC-BY 4.0), kept for attribution
 */
public record OpenActiveItem(
    String feedUrl,
    String rpdeId,
    String modified,
    JsonNode data,
    Instant harvestedAt,
    String license) {

  public OpenActiveItem {
    Objects.requireNonNull(feedUrl, "feedUrl");
    Objects.requireNonNull(rpdeId, "rpdeId");
    Objects.requireNonNull(modified, "modified");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(harvestedAt, "harvestedAt");
    Objects.requireNonNull(license, "license");
  }
}
