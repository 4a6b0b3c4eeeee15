package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.jspecify.annotations.Nullable;

/**
 * Provenance every mapped resource carries: {@code meta.source} (the feed), {@code
 * meta.lastUpdated}, the OpenActive {@code @id} as identifier, and the publisher's CC-BY attribution
 * with the harvest time.
 */
public final class AttributionMapper {

  /** Complex extension: {@code license}, {@code publisher}, {@code source}, {@code harvested}. */
  public static final String ATTRIBUTION_URL =
      "https://activityfhir.dev/fhir/StructureDefinition/openactive-attribution";

  /** Identifier system for OpenActive {@code @id} values. */
  public static final String IDENTIFIER_SYSTEM = "https://openactive.io/";

  private final LastUpdated lastUpdated;

  AttributionMapper(LastUpdated lastUpdated) {
    this.lastUpdated = lastUpdated;
  }

  /**
   * Sets meta and the attribution extension on {@code resource}.
   *
   * @param sourceAtId the OpenActive {@code @id} the resource was made from, when known
   * @param publisher the organizer/provider organisation's name, when known
   */
  void apply(
      DomainResource resource,
      OpenActiveItem item,
      @Nullable String sourceAtId,
      @Nullable String publisher) {
    resource.getMeta().setSource(item.feedUrl());
    resource.getMeta().setLastUpdated(Date.from(lastUpdated.of(item)));
    Extension attribution = resource.addExtension().setUrl(ATTRIBUTION_URL);
    attribution.addExtension("license", new UriType(item.license()));
    if (publisher != null) {
      attribution.addExtension("publisher", new StringType(publisher));
    }
    if (sourceAtId != null) {
      attribution.addExtension("source", new UriType(sourceAtId));
    }
    DateTimeType harvested = new DateTimeType(Date.from(item.harvestedAt()));
    harvested.setTimeZoneZulu(true);
    attribution.addExtension("harvested", harvested);
  }

  /** The identifier for an OpenActive {@code @id}. */
  static Identifier identifier(String atId) {
    return new Identifier().setSystem(IDENTIFIER_SYSTEM).setValue(atId);
  }

  /** The name of an Organization organizer/provider (never a Person's name: personal data). */
  static @Nullable String publisherName(JsonNode view) {
    JsonNode organizer = OrganizationMapper.organizerOf(view);
    return organizer == null ? null : JsonLd.text(organizer, "name");
  }

  /** When the item last changed, as {@link LastUpdated} decides. */
  Instant lastUpdated(OpenActiveItem item) {
    return lastUpdated.of(item);
  }
}
