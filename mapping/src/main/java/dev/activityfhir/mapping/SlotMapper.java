package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.Slot.SlotStatus;
import org.hl7.fhir.r4.model.UrlType;
import org.jspecify.annotations.Nullable;

/**
 * A ScheduledSession, facility Slot or an Event's own occurrence to a FHIR Slot on its parent's
 * Schedule: start and end, service type from the activity, status (free when places remain or
 * capacity is unknown, busy when none remain, busy-unavailable when cancelled or postponed) and
 * capacity in SMART Scheduling Links extensions.
 */
public final class SlotMapper {

  /** Remaining places (remainingAttendeeCapacity / remainingUses), SMART Scheduling Links. */
  public static final String CAPACITY_URL =
      "http://fhir-registry.smarthealthit.org/StructureDefinition/slot-capacity";

  /** Booking page of the occurrence (its url, else the parent's), SMART Scheduling Links. */
  public static final String BOOKING_DEEP_LINK_URL =
      "http://fhir-registry.smarthealthit.org/StructureDefinition/booking-deep-link";

  /** Total places (maximumAttendeeCapacity / maximumUses). */
  public static final String MAXIMUM_CAPACITY_URL =
      "https://activityfhir.dev/fhir/StructureDefinition/maximum-capacity";

  /** Remaining online places ({@code beta:remainingAttendeeCapacityVirtual}), apart from in person. */
  public static final String VIRTUAL_CAPACITY_URL =
      "https://activityfhir.dev/fhir/StructureDefinition/virtual-capacity";

  private final ActivityMapper activities;
  private final AttributionMapper attribution;
  private final OfferMapper offers = new OfferMapper();

  SlotMapper(ActivityMapper activities, AttributionMapper attribution) {
    this.activities = activities;
    this.attribution = attribution;
  }

  /**
   * Maps one occurrence.
   *
   * @param occurrence the item whose data is the occurrence (a child item, or a parent for its own
   *     start date, or an item wrapping an embedded subEvent)
   * @param slotKey the key the Slot id derives from (the occurrence's {@code @id} when it has one)
   * @param parent the parent item (for the Schedule reference)
   * @param parentView the parent's data with what it inherits
   * @throws UnmappableItemException when the occurrence has no usable start or end
   */
  Slot map(OpenActiveItem occurrence, String slotKey, OpenActiveItem parent, JsonNode parentView) {
    JsonNode data = occurrence.data();
    EventTimes times =
        EventTimes.of(data, parentView)
            .orElseThrow(
                () -> new UnmappableItemException("no usable startDate, or an end before it"));
    JsonNode view = Inheritance.inherit(data, parentView, true);
    Slot slot = new Slot();
    slot.setId(ResourceIds.slot(slotKey));
    String atId = JsonLd.id(data);
    if (atId != null) {
      slot.addIdentifier(AttributionMapper.identifier(atId));
    }
    PublisherIdentifiers.of(data, occurrence.feedUrl()).forEach(slot::addIdentifier);
    String parentKey = ResourceIds.itemKey(parent);
    slot.setSchedule(
        HealthcareServiceMapper.reference("Schedule", ResourceIds.schedule(parentKey), null));
    slot.setStartElement(FhirTimes.instant(times.start()));
    slot.setEndElement(FhirTimes.instant(times.end()));
    if (times.endAssumed()) {
      slot.getEndElement().addExtension(EligibilityMapper.ASSUMED_URL, new BooleanType(true));
    }
    List<CodeableConcept> serviceTypes = activities.serviceTypes(view);
    serviceTypes.forEach(slot::addServiceType);
    Integer remaining = JsonLd.integer(data, "remainingAttendeeCapacity", "remainingUses");
    if (remaining == null) {
      // Some booking systems publish only a count of places left, as a number or a string.
      remaining = JsonLd.integer(data, "beta:availability", "availability");
    }
    Integer remainingVirtual =
        JsonLd.integer(
            data,
            "beta:remainingAttendeeCapacityVirtual",
            "remainingAttendeeCapacityVirtual",
            "beta:virtualRemainingAttendeeCapacity");
    Integer maximum = JsonLd.integer(data, "maximumAttendeeCapacity", "maximumUses");
    AttendanceMode mode = AttendanceMode.of(view);
    status(slot, JsonLd.text(data, "eventStatus"), placesLeft(mode, remaining, remainingVirtual));
    if (remaining != null) {
      slot.addExtension(CAPACITY_URL, new IntegerType(Math.max(0, remaining)));
    }
    if (remainingVirtual != null) {
      slot.addExtension(VIRTUAL_CAPACITY_URL, new IntegerType(Math.max(0, remainingVirtual)));
    }
    String virtualLocation = AttendanceMode.virtualLocation(view);
    if (virtualLocation != null) {
      slot.addExtension(AttendanceMode.VIRTUAL_LOCATION_URL, new UrlType(virtualLocation));
    }
    if (maximum != null) {
      slot.addExtension(MAXIMUM_CAPACITY_URL, new IntegerType(Math.max(0, maximum)));
    }
    // The occurrence's own prices (facility slots are often priced one by one); the parent's are on
    // its HealthcareService.
    offers.map(data).forEach(slot::addExtension);
    String url = WebAddress.of(JsonLd.text(data, "url"));
    if (url == null) {
      url = WebAddress.of(JsonLd.text(parentView, "url"));
    }
    if (url != null) {
      slot.addExtension(BOOKING_DEEP_LINK_URL, new UrlType(url));
    }
    attribution.apply(slot, occurrence, atId, AttributionMapper.publisherName(view));
    return slot;
  }

  /**
   * The places left for the status: in person and online counted apart, so an online session with
   * places is not full because its room is. Null when unknown for any mode the session offers.
   */
  private static @Nullable Integer placesLeft(
      AttendanceMode mode, @Nullable Integer inPerson, @Nullable Integer online) {
    return switch (mode) {
      case IN_PERSON -> inPerson;
      // Online-only sessions often publish their places in the ordinary property.
      case ONLINE -> online != null ? online : inPerson;
      case MIXED -> inPerson == null || online == null ? null : inPerson + online;
    };
  }

  private static void status(Slot slot, @Nullable String eventStatus, @Nullable Integer remaining) {
    String status = eventStatus == null ? "EventScheduled" : JsonLd.localName(eventStatus);
    if (status.equalsIgnoreCase("EventCancelled")) {
      slot.setStatus(SlotStatus.BUSYUNAVAILABLE).setComment("Cancelled");
    } else if (status.equalsIgnoreCase("EventPostponed")) {
      slot.setStatus(SlotStatus.BUSYUNAVAILABLE).setComment("Postponed");
    } else {
      slot.setStatus(remaining != null && remaining <= 0 ? SlotStatus.BUSY : SlotStatus.FREE);
      if (status.equalsIgnoreCase("EventRescheduled")) {
        slot.setComment("Rescheduled");
      }
    }
  }
}
