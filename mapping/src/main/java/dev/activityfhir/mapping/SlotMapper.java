package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.InstantType;
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

  private final ActivityMapper activities;
  private final AttributionMapper attribution;

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
            .orElseThrow(() -> new UnmappableItemException("no usable startDate and endDate/duration"));
    JsonNode view = Inheritance.inherit(data, parentView, true);
    Slot slot = new Slot();
    slot.setId(ResourceIds.slot(slotKey));
    String atId = JsonLd.id(data);
    if (atId != null) {
      slot.addIdentifier(AttributionMapper.identifier(atId));
    }
    String parentKey = ResourceIds.itemKey(parent);
    slot.setSchedule(
        HealthcareServiceMapper.reference("Schedule", ResourceIds.schedule(parentKey), null));
    slot.setStartElement(utc(times.start()));
    slot.setEndElement(utc(times.end()));
    List<CodeableConcept> serviceTypes = activities.serviceTypes(view);
    serviceTypes.forEach(slot::addServiceType);
    Integer remaining = JsonLd.integer(data, "remainingAttendeeCapacity", "remainingUses");
    Integer maximum = JsonLd.integer(data, "maximumAttendeeCapacity", "maximumUses");
    status(slot, JsonLd.text(data, "eventStatus"), remaining);
    if (remaining != null) {
      slot.addExtension(CAPACITY_URL, new IntegerType(Math.max(0, remaining)));
    }
    if (maximum != null) {
      slot.addExtension(MAXIMUM_CAPACITY_URL, new IntegerType(Math.max(0, maximum)));
    }
    String url = JsonLd.text(data, "url");
    if (url == null) {
      url = JsonLd.text(parentView, "url");
    }
    if (url != null) {
      slot.addExtension(BOOKING_DEEP_LINK_URL, new UrlType(url));
    }
    attribution.apply(slot, occurrence, atId, AttributionMapper.publisherName(view));
    return slot;
  }

  /** Instants rendered in UTC, so the same item gives the same JSON on any machine. */
  private static InstantType utc(Instant instant) {
    InstantType value = new InstantType(Date.from(instant));
    value.setTimeZoneZulu(true);
    return value;
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
