package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Slot;

/**
 * A parent item to its HealthcareService, Location, Organization and the slots it carries itself:
 * embedded {@code subEvent[]} occurrences, else, for an Event, HeadlineEvent or CourseInstance, its
 * own {@code startDate}.
 */
final class ParentMapper {

  private static final Set<String> SELF_SCHEDULED = Set.of("event", "headlineevent", "courseinstance");

  private final HealthcareServiceMapper services;
  private final LocationMapper locations;
  private final OrganizationMapper organizations;
  private final SlotMapper slots;

  ParentMapper(
      HealthcareServiceMapper services,
      LocationMapper locations,
      OrganizationMapper organizations,
      SlotMapper slots) {
    this.services = services;
    this.locations = locations;
    this.organizations = organizations;
    this.slots = slots;
  }

  MappedParent map(OpenActiveItem parent, String type) {
    JsonNode view = Inheritance.parentView(parent.data());
    Location location = locations.map(parent, view).orElse(null);
    Organization organization = organizations.map(parent, view).orElse(null);
    HealthcareService service = services.map(parent, view, location, organization);
    return new MappedParent(service, location, organization, ownSlots(parent, view, type));
  }

  private List<Slot> ownSlots(OpenActiveItem parent, JsonNode view, String type) {
    String parentKey = ResourceIds.itemKey(parent);
    List<Slot> result = new ArrayList<>();
    for (JsonNode subEvent : JsonLd.list(parent.data(), "subEvent")) {
      if (!subEvent.isObject()) {
        continue; // a URL: the occurrence comes from another feed as a child item
      }
      OpenActiveItem occurrence =
          new OpenActiveItem(
              parent.feedUrl(),
              parent.rpdeId(),
              parent.modified(),
              subEvent,
              parent.harvestedAt(),
              parent.license());
      String atId = JsonLd.id(subEvent);
      String key =
          atId != null ? atId : parentKey + "#/subEvent/" + JsonLd.text(subEvent, "startDate");
      try {
        result.add(slots.map(occurrence, key, parent, view));
      } catch (UnmappableItemException unusableOccurrence) {
        // One occurrence without dates must not hide the service or its other occurrences.
      }
    }
    if (result.isEmpty() && SELF_SCHEDULED.contains(type.toLowerCase(Locale.ROOT))) {
      try {
        result.add(slots.map(parent, parentKey, parent, view));
      } catch (UnmappableItemException noOwnDates) {
        // An event described only by its eventSchedule has no occurrence of its own.
      }
    }
    return result;
  }
}
