package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.HealthcareService.HealthcareServiceAvailableTimeComponent;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;

/**
 * Maps OpenActive items to FHIR R4 resources. Pure: no I/O beyond the vocabularies given to the
 * constructor; every method but {@link #expandSchedule} depends only on its arguments, so the same
 * item always maps to equal resources with the same ids. Thread-safe.
 */
public final class OpenActiveMapper {

  private final ItemLinksReader linksReader = new ItemLinksReader();
  private final ParentMapper parents;
  private final SlotMapper slots;
  private final ScheduleMapper schedules;
  private final ScheduleExpander expander;
  private final ScheduleWindow window;
  private final AvailableTimeMapper availableTimes;

  /** A mapper generating sessions from schedules for the {@link ScheduleWindow#defaults()} window. */
  public OpenActiveMapper(ActivityList activities, AccessibilitySupportList accessibility) {
    this(activities, accessibility, ScheduleWindow.defaults());
  }

  /**
   * A mapper over the given vocabularies.
   *
   * @param window how far ahead {@link #expandSchedule} generates sessions, and its clock
   */
  public OpenActiveMapper(
      ActivityList activities, AccessibilitySupportList accessibility, ScheduleWindow window) {
    ActivityMapper activityMapper = new ActivityMapper(activities);
    AttributionMapper attribution = new AttributionMapper(new LastUpdated());
    TelecomMapper telecoms = new TelecomMapper();
    this.availableTimes = new AvailableTimeMapper();
    this.slots = new SlotMapper(activityMapper, attribution);
    this.schedules = new ScheduleMapper(activityMapper, attribution);
    this.expander = new ScheduleExpander(slots, window);
    this.window = window;
    this.parents =
        new ParentMapper(
            new HealthcareServiceMapper(
                activityMapper,
                new CharacteristicMapper(accessibility),
                new EligibilityMapper(),
                availableTimes,
                new NotAvailableMapper(),
                new OfferMapper(),
                telecoms,
                attribution),
            new LocationMapper(new AddressMapper(), telecoms, attribution),
            new OrganizationMapper(telecoms, attribution),
            slots);
  }

  /** A mapper over the activity and accessibility lists bundled with this module. */
  public static OpenActiveMapper withBundledVocabularies() {
    return withBundledVocabularies(ScheduleWindow.defaults());
  }

  /** A mapper over the bundled vocabularies, generating sessions for {@code window}. */
  public static OpenActiveMapper withBundledVocabularies(ScheduleWindow window) {
    return new OpenActiveMapper(ActivityList.bundled(), AccessibilitySupportList.bundled(), window);
  }

  /**
   * The sessions a parent's {@code eventSchedule} promises within the schedule window, as Slots on
   * its Schedule tagged {@code generated} (capacity unknown). For publishers that send no
   * ScheduledSessions: the directory publishes them only while the parent has no sessions of its
   * own or from a child feed. Not a pure function of the item: it depends on the window's clock.
   * Empty for facilities and for items without a weekly schedule.
   */
  public List<Slot> expandSchedule(OpenActiveItem published) {
    OpenActiveItem parent = Wrappers.unwrap(published);
    ItemLinks links = links(parent.data());
    if (links.role() != ItemRole.PARENT
        || links.type().toLowerCase(java.util.Locale.ROOT).contains("facilityuse")
        || JsonLd.get(parent.data(), "eventSchedule") == null) {
      return List.of();
    }
    return expander.expand(parent, Inheritance.parentView(parent.data()));
  }

  /**
   * Whether the parent publishes no weekly times of its own (no timed {@code eventSchedule} or
   * {@code hoursAvailable}; days without times count as none), so that the weekly times of its
   * harvested occurrences are added to its service ({@link #mapParent(OpenActiveItem,
   * OccurrenceTimes)}).
   */
  public boolean takesOccurrenceTimes(OpenActiveItem published) {
    return availableTimes.map(Wrappers.unwrap(published).data()).stream()
        .allMatch(HealthcareServiceAvailableTimeComponent::getAllDay);
  }

  /** How far ahead {@link #expandSchedule} generates sessions, and the clock it reads. */
  public ScheduleWindow scheduleWindow() {
    return window;
  }

  /** Classifies an item's {@code data} by its {@code @type} and reads its parent link. */
  public ItemLinks links(JsonNode data) {
    return linksReader.read(data);
  }

  /**
   * Further {@code @id}s under which children may name this parent item: for a FacilityUse, the
   * {@code @id}s of its embedded {@code individualFacilityUse[]} (facility Slots often point at an
   * IndividualFacilityUse that is only published inside its FacilityUse). Empty for other items. A
   * child joined this way maps onto the FacilityUse's Schedule.
   */
  public List<String> embeddedParentIds(JsonNode data) {
    return linksReader.embeddedParentIds(data);
  }

  /**
   * The data of a child's embedded parent ({@link ItemLinks#embeddedParent()}) as the parent item's
   * data: given {@link ItemLinks#parentAtId()} as its {@code @id} when it has none, so that it maps
   * to the service every child of the same parent joins.
   */
  public JsonNode embeddedParentData(ItemLinks links) {
    JsonNode embedded = links.embeddedParent();
    if (embedded == null || links.parentAtId() == null) {
      throw new IllegalArgumentException("the child embeds no parent");
    }
    return EmbeddedParents.identified(embedded, links.parentAtId());
  }

  /**
   * The parents an item groups without being one itself: an imin-style EventSeries whose {@code
   * subEvent}s are SessionSeries (or other parent types) with their own sessions. Each comes with
   * the EventSeries as its embedded {@code superEvent}, so it inherits the series' activity,
   * organiser, ages and the like. Empty for any other item.
   */
  public List<JsonNode> groupedParents(JsonNode published) {
    JsonNode data = Wrappers.unwrap(published);
    if (linksReader.read(data).role() != ItemRole.IGNORED || !data.isObject()) {
      return List.of();
    }
    List<JsonNode> grouped = new ArrayList<>();
    ObjectNode group = null;
    for (JsonNode sub : JsonLd.list(data, "subEvent")) {
      if (!sub.isObject() || linksReader.read(sub).role() != ItemRole.PARENT) {
        continue;
      }
      if (group == null) {
        group = ((ObjectNode) data).deepCopy();
        group.remove("subEvent");
      }
      ObjectNode parent = ((ObjectNode) sub).deepCopy();
      if (JsonLd.get(parent, "superEvent") == null || !parent.get("superEvent").isObject()) {
        parent.set("superEvent", group);
      }
      grouped.add(parent);
    }
    return grouped;
  }

  /**
   * Maps a parent item (SessionSeries, Event, CourseInstance, HeadlineEvent, FacilityUse,
   * IndividualFacilityUse) to its HealthcareService, Location, Organization and own slots.
   *
   * @throws UnmappableItemException when the item is not a parent type, or lacks what a directory
   *     entry needs (a name, an {@code @id} or {@code identifier}, a location or online attendance)
   */
  public MappedParent mapParent(OpenActiveItem published) {
    return mapParent(published, OccurrenceTimes.NONE);
  }

  /**
   * Maps a parent item as {@link #mapParent(OpenActiveItem)} does, adding the weekly times of its
   * occurrences harvested from a feed of their own to {@code HealthcareService.availableTime}
   * (alongside the weekdays of a schedule without times, never instead of them; not when the parent
   * publishes weekly times itself).
   *
   * @throws UnmappableItemException as {@link #mapParent(OpenActiveItem)}
   */
  public MappedParent mapParent(OpenActiveItem published, OccurrenceTimes harvested) {
    OpenActiveItem parent = Wrappers.unwrap(published);
    ItemLinks links = links(parent.data());
    if (links.role() != ItemRole.PARENT) {
      throw new UnmappableItemException("not a parent type: " + typeName(links));
    }
    return parents.map(parent, links.type(), harvested);
  }

  /**
   * Maps a ScheduledSession or facility Slot joined to its parent to a Slot on the parent's
   * Schedule.
   *
   * @throws UnmappableItemException when the child is not a ScheduledSession/Slot, or has no usable
   *     start, or no end (endDate, or duration on it or its parent)
   */
  public Slot mapChild(OpenActiveItem publishedChild, OpenActiveItem publishedParent) {
    OpenActiveItem child = Wrappers.unwrap(publishedChild);
    OpenActiveItem parent = Wrappers.unwrap(publishedParent);
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
  public Schedule mapSchedule(OpenActiveItem published, List<Slot> slots) {
    OpenActiveItem parent = Wrappers.unwrap(published);
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
