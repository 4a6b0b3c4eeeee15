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

  private static final Set<String> SELF_SCHEDULED =
      Set.of("event", "headlineevent", "courseinstance");

  /** Where parents embed their occurrences: sessions in subEvent, facility slots in event. */
  private static final String[] OCCURRENCE_PROPERTIES = {"subEvent", "event"};

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

  MappedParent map(OpenActiveItem parent, String type, OccurrenceTimes harvested) {
    JsonNode view = Inheritance.parentView(parent.data());
    Location location = locations.map(parent, view).orElse(null);
    Organization organization = organizations.map(parent, view).orElse(null);
    List<Slot> ownSlots = ownSlots(parent, view, type);
    HealthcareService service = services.map(parent, view, location, organization, ownSlots, harvested);
    QualityGate.check(service, view, location);
    return new MappedParent(service, location, organization, ownSlots);
  }

  private List<Slot> ownSlots(OpenActiveItem parent, JsonNode view, String type) {
    String parentKey = ResourceIds.itemKey(parent);
    List<Slot> result = new ArrayList<>();
    for (Occurrence occurrence : occurrences(parent.data())) {
      JsonNode data = occurrence.data();
      OpenActiveItem item =
          new OpenActiveItem(
              parent.feedUrl(),
              parent.rpdeId(),
              parent.modified(),
              data,
              parent.harvestedAt(),
              parent.license());
      String atId = JsonLd.id(data);
      String key =
          atId != null
              ? atId
              : parentKey + "#/" + occurrence.path() + "/" + JsonLd.text(data, "startDate");
      try {
        result.add(slots.map(item, key, parent, view));
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

  /**
   * The occurrences a parent carries itself, as objects (a URL names an occurrence published as a
   * child item in another feed): {@code subEvent[]}; and for facilities the Slots in {@code event[]}
   * (or {@code subEvent[]}) of the FacilityUse and of each IndividualFacilityUse nested in it.
   */
  private static List<Occurrence> occurrences(JsonNode data) {
    List<Occurrence> occurrences = new ArrayList<>();
    collect(data, "", occurrences);
    for (JsonNode individual : JsonLd.list(data, "individualFacilityUse")) {
      if (individual.isObject()) {
        String path = "individualFacilityUse/" + JsonLd.id(individual) + "/";
        collect(individual, path, occurrences);
      }
    }
    return occurrences;
  }

  private static void collect(JsonNode node, String prefix, List<Occurrence> occurrences) {
    for (String property : OCCURRENCE_PROPERTIES) {
      for (JsonNode occurrence : JsonLd.list(node, property)) {
        if (occurrence.isObject()) {
          occurrences.add(new Occurrence(prefix + property, occurrence));
        }
      }
    }
  }

  /** An embedded occurrence and where it sits in its parent (keys the Slot of one without @id). */
  private record Occurrence(String path, JsonNode data) {}
}
