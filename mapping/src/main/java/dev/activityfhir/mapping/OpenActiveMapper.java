package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;

/**
 * Maps OpenActive items to FHIR R4 resources. Pure: no I/O beyond the vocabularies given to the
 * constructor; every method depends only on its arguments, so the same item always maps to equal
 * resources with the same ids. Thread-safe.
 */
public final class OpenActiveMapper {

  private final ItemLinksReader linksReader = new ItemLinksReader();
  private final ParentMapper parents;
  private final SlotMapper slots;
  private final ScheduleMapper schedules;

  public OpenActiveMapper(ActivityList activities, AccessibilitySupportList accessibility) {
    ActivityMapper activityMapper = new ActivityMapper(activities);
    AttributionMapper attribution = new AttributionMapper(new LastUpdated());
    TelecomMapper telecoms = new TelecomMapper();
    this.slots = new SlotMapper(activityMapper, attribution);
    this.schedules = new ScheduleMapper(activityMapper, attribution);
    this.parents =
        new ParentMapper(
            new HealthcareServiceMapper(
                activityMapper,
                new CharacteristicMapper(accessibility),
                new EligibilityMapper(),
                new AvailableTimeMapper(),
                new OfferMapper(),
                telecoms,
                attribution),
            new LocationMapper(new AddressMapper(), telecoms, attribution),
            new OrganizationMapper(telecoms, attribution),
            slots);
  }

  /** A mapper over the activity and accessibility lists bundled with this module. */
  public static OpenActiveMapper withBundledVocabularies() {
    return new OpenActiveMapper(ActivityList.bundled(), AccessibilitySupportList.bundled());
  }

  /** Classifies an item's {@code data} by its {@code @type} and reads its parent link. */
  public ItemLinks links(JsonNode data) {
    return linksReader.read(data);
  }

  /**
   * Maps a parent item (SessionSeries, Event, CourseInstance, HeadlineEvent, FacilityUse,
   * IndividualFacilityUse) to its HealthcareService, Location, Organization and own slots.
   *
   * @throws UnmappableItemException when the item is not a parent type
   */
  public MappedParent mapParent(OpenActiveItem parent) {
    ItemLinks links = links(parent.data());
    if (links.role() != ItemRole.PARENT) {
      throw new UnmappableItemException("not a parent type: " + typeName(links));
    }
    return parents.map(parent, links.type());
  }

  /**
   * Maps a ScheduledSession or facility Slot joined to its parent to a Slot on the parent's
   * Schedule.
   *
   * @throws UnmappableItemException when the child is not a ScheduledSession/Slot, or has no usable
   *     start, or no end (endDate, or duration on it or its parent)
   */
  public Slot mapChild(OpenActiveItem child, OpenActiveItem parent) {
    ItemLinks links = links(child.data());
    if (links.role() != ItemRole.CHILD) {
      throw new UnmappableItemException("not a child type: " + typeName(links));
    }
    JsonNode parentView = Inheritance.parentView(parent.data());
    return slots.map(child, ResourceIds.itemKey(child), parent, parentView);
  }

  /**
   * The parent's one Schedule: actors the HealthcareService and its Location, planning horizon from
   * the earliest start to the latest end of {@code slots} (none when there are no slots).
   */
  public Schedule mapSchedule(OpenActiveItem parent, List<Slot> slots) {
    JsonNode view = Inheritance.parentView(parent.data());
    JsonNode place = JsonLd.get(view, "location");
    String locationId = null;
    String locationName = null;
    if (place != null && place.isObject()) {
      locationId = ResourceIds.location(place).orElse(null);
      locationName = JsonLd.text(place, "name");
    }
    return schedules.map(parent, view, locationId, locationName, slots);
  }

  private static String typeName(ItemLinks links) {
    return links.type().isEmpty() ? "(no @type)" : links.type();
  }
}
