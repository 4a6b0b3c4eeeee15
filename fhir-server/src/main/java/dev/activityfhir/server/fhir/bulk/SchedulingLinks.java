package dev.activityfhir.server.fhir.bulk;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

/**
 * What SMART Scheduling Links asks of the published resources beyond the directory's own: a Schedule's first
 * actor is its Location; a Slot is {@code free} or {@code busy} (a cancelled session, {@code busy-unavailable}
 * in the directory, is {@code busy}) and tells how to book it by phone ({@code booking-phone}) beside its
 * {@code booking-deep-link} and {@code slot-capacity}, which the mapping already writes.
 */
final class SchedulingLinks {

  /** The phone number to call to book a slot. */
  static final String BOOKING_PHONE = "http://fhir-registry.smarthealthit.org/StructureDefinition/booking-phone";

  private SchedulingLinks() {}

  /** Puts the Location actors first (the spec reads {@code actor[0]} as where the appointments are). */
  static Schedule locationFirst(Schedule schedule) {
    List<Reference> locations = new ArrayList<>();
    List<Reference> others = new ArrayList<>();
    for (Reference actor : schedule.getActor()) {
      (actor.getReference() != null && actor.getReference().startsWith("Location/") ? locations : others)
          .add(actor);
    }
    locations.addAll(others);
    schedule.setActor(locations);
    return schedule;
  }

  /**
   * Makes any status but {@code free} {@code busy}, and adds {@code booking-phone} with {@code phone} unless the
   * Slot has one or there is no phone to give.
   */
  static Slot forPublication(Slot slot, @Nullable String phone) {
    if (slot.getStatus() != Slot.SlotStatus.FREE) {
      slot.setStatus(Slot.SlotStatus.BUSY);
    }
    if (phone != null && slot.getExtensionByUrl(BOOKING_PHONE) == null) {
      slot.addExtension(new Extension(BOOKING_PHONE, new StringType(phone)));
    }
    return slot;
  }
}
