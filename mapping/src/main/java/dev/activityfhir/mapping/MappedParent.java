package dev.activityfhir.mapping;

import java.util.List;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Slot;
import org.jspecify.annotations.Nullable;

/**
 * The resources one parent item maps to.
 *
 * @param service the HealthcareService
 * @param location the Location of its {@code location} Place, when it has a usable one
 * @param organization the Organization of its organizer/provider; null for a Person organizer
 * @param ownSlots slots the parent carries itself: an Event/CourseInstance's own {@code startDate},
 *     or its embedded {@code subEvent[]} ScheduledSessions
 */
public record MappedParent(
    HealthcareService service,
    @Nullable Location location,
    @Nullable Organization organization,
    List<Slot> ownSlots) {

  public MappedParent {
    ownSlots = List.copyOf(ownSlots);
  }
}
