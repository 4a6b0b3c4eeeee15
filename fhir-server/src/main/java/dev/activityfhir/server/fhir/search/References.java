package dev.activityfhir.server.fhir.search;

import dev.activityfhir.server.fhir.index.ScheduleKeys;
import dev.activityfhir.server.fhir.index.ServiceKeys;
import dev.activityfhir.server.fhir.index.SlotKeys;
import java.util.List;

/** The targets of a directory type's reference search parameters, read from a resource's search keys. */
public final class References {

  private References() {}

  /**
   * The references ({@code Type/id}) of the parameter {@code param} of a resource of {@code type}, e.g. the
   * Locations of a HealthcareService for {@code location}; empty for a parameter that is not a reference.
   */
  public static List<String> of(String type, Object keys, String param) {
    return switch (type + "." + param) {
      case "HealthcareService.location" ->
          ((ServiceKeys) keys).locationIds().stream().map(id -> "Location/" + id).toList();
      case "HealthcareService.organization" -> {
        String id = ((ServiceKeys) keys).organizationId();
        yield id == null ? List.of() : List.of("Organization/" + id);
      }
      case "Schedule.actor" -> ((ScheduleKeys) keys).actors();
      case "Slot.schedule" -> {
        String id = ((SlotKeys) keys).scheduleId();
        yield id == null ? List.of() : List.of("Schedule/" + id);
      }
      default -> List.of();
    };
  }
}
