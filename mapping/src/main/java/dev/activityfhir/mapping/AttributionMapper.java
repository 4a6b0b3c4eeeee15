package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.jspecify.annotations.Nullable;

/**
 * Provenance every mapped resource carries: {@code meta.source} (the feed), {@code
 * meta.lastUpdated}, the OpenActive {@code @id} as identifier, and the publisher's CC-BY
 * attribution with the harvest time.
 */
public final class AttributionMapper {

  /** Complex extension: {@code license}, {@code publisher}, {@code source}, {@code harvested}. */
  public static final String ATTRIBUTION_URL =
      "https://activityfhir.dev/fhir/StructureDefinition/openactive-attribution";

  /** Identifier system for OpenActive {@code @id} values. */
  public static final String IDENTIFIER_SYSTEM = "https://openactive.io/";

  /** Identifier system for identifiers that are URIs of their own. */
  static final String URI_SYSTEM = "urn:ietf:rfc:3986";

  static final String CC_BY = "https://creativecommons.org/licenses/by/4.0/";

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
    resource.getMeta().setSource(WebAddress.of(item.feedUrl()));
    resource.getMeta().setLastUpdatedElement(FhirTimes.instant(lastUpdated.of(item)));
    Extension attribution = resource.addExtension().setUrl(ATTRIBUTION_URL);
    String license = WebAddress.of(item.license());
    // RPDE requires a licence; OpenActive open data is CC-BY 4.0 when a feed garbles it.
    attribution.addExtension("license", new UriType(license != null ? license : CC_BY));
    if (publisher != null) {
      attribution.addExtension("publisher", new StringType(publisher));
    }
    String source = WebAddress.of(sourceAtId);
    if (source != null) {
      attribution.addExtension("source", new UriType(source));
    }
    attribution.addExtension("harvested", FhirTimes.dateTime(item.harvestedAt()));
  }

  /** The identifier for an OpenActive {@code @id}. */
  static Identifier identifier(String atId) {
    // A parent known only embedded in its children is keyed by a URN of ours, not an OpenActive @id.
    String system = atId.startsWith(EmbeddedParents.PREFIX) ? URI_SYSTEM : IDENTIFIER_SYSTEM;
    return new Identifier().setSystem(system).setValue(atId);
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
