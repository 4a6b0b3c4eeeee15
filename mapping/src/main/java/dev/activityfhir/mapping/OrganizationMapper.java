package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.Organization;
import org.jspecify.annotations.Nullable;

/**
 * The {@code organizer} (events) or {@code provider} (facilities) Organization to an Organization:
 * name, url, telephone, email. A Person organizer is personal data: it gives no Organization and
 * its details are not republished.
 */
final class OrganizationMapper {

  private final TelecomMapper telecoms;
  private final AttributionMapper attribution;

  OrganizationMapper(TelecomMapper telecoms, AttributionMapper attribution) {
    this.telecoms = telecoms;
    this.attribution = attribution;
  }

  /**
   * The organizer/provider node when it is an Organization (typed as one, or untyped with a name);
   * null for a Person, a bare URL or nothing.
   */
  static @Nullable JsonNode organizerOf(JsonNode view) {
    for (JsonNode candidate : JsonLd.list(view, "organizer", "provider")) {
      if (!candidate.isObject()) {
        continue;
      }
      String type = JsonLd.type(candidate);
      boolean person =
          type != null
              ? type.toLowerCase(Locale.ROOT).equals("person")
              : JsonLd.get(candidate, "givenName", "familyName") != null;
      if (!person) {
        return candidate;
      }
    }
    return null;
  }

  Optional<Organization> map(OpenActiveItem parent, JsonNode view) {
    JsonNode organizer = organizerOf(view);
    if (organizer == null) {
      return Optional.empty();
    }
    String name = JsonLd.text(organizer, "name");
    String atId = JsonLd.id(organizer);
    Optional<String> id = ResourceIds.organization(organizer);
    if (id.isEmpty() || (name == null && atId == null)) {
      return Optional.empty();
    }
    Organization organization = new Organization();
    organization.setId(id.get());
    if (atId != null) {
      organization.addIdentifier(AttributionMapper.identifier(atId));
    }
    organization.setActive(true);
    organization.setName(name);
    telecoms.map(organizer, true).forEach(organization::addTelecom);
    attribution.apply(organization, parent, atId, name);
    return Optional.of(organization);
  }
}
