package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.jspecify.annotations.Nullable;

/**
 * One Schedule per HealthcareService: its actors are the service and its Location, its service
 * type the activity, and its planning horizon spans the earliest start to the latest end of its
 * slots (no slots, no horizon).
 */
final class ScheduleMapper {

  private final ActivityMapper activities;
  private final AttributionMapper attribution;

  ScheduleMapper(ActivityMapper activities, AttributionMapper attribution) {
    this.activities = activities;
    this.attribution = attribution;
  }

  Schedule map(
      OpenActiveItem parent, JsonNode view, @Nullable String locationId, @Nullable String locationName, List<Slot> slots) {
    String key = ResourceIds.itemKey(parent);
    Schedule schedule = new Schedule();
    schedule.setId(ResourceIds.schedule(key));
    String atId = JsonLd.id(parent.data());
    if (atId != null) {
      schedule.addIdentifier(AttributionMapper.identifier(atId));
    }
    schedule.setActive(true);
    activities.serviceTypes(view).forEach(schedule::addServiceType);
    schedule.addActor(
        HealthcareServiceMapper.reference(
            "HealthcareService", ResourceIds.healthcareService(key), JsonLd.text(view, "name")));
    if (locationId != null) {
      schedule.addActor(HealthcareServiceMapper.reference("Location", locationId, locationName));
    }
    horizon(slots).ifPresent(schedule::setPlanningHorizon);
    attribution.apply(schedule, parent, atId, AttributionMapper.publisherName(view));
    Instant latest = schedule.getMeta().getLastUpdated().toInstant();
    for (Slot slot : slots) {
      // The schedule changes whenever one of its slots does.
      if (slot.getMeta().hasLastUpdated() && slot.getMeta().getLastUpdated().toInstant().isAfter(latest)) {
        latest = slot.getMeta().getLastUpdated().toInstant();
      }
    }
    schedule.getMeta().setLastUpdated(Date.from(latest));
    return schedule;
  }

  private static java.util.Optional<Period> horizon(List<Slot> slots) {
    Date start = null;
    Date end = null;
    for (Slot slot : slots) {
      if (slot.hasStart() && (start == null || slot.getStart().before(start))) {
        start = slot.getStart();
      }
      if (slot.hasEnd() && (end == null || slot.getEnd().after(end))) {
        end = slot.getEnd();
      }
    }
    if (start == null || end == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Period().setStart(start).setEnd(end));
  }
}
