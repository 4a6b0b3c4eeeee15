package dev.activityfhir.server.fhir;

import dev.activityfhir.server.fhir.index.Indexed;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.jspecify.annotations.Nullable;

/**
 * Stand-ins for indexed resources on a search page: empty resources of the right type carrying only the id and
 * version and the index entry they stand for. HAPI builds a page's Bundle from them (full URLs, search modes)
 * without the cost of parsing, copying and walking every resource; {@link SearchPageInterceptor} then writes each
 * one's stored JSON, or puts the rendered resource in its place, before anything is encoded.
 */
final class StandIns {

  private static final String ENTRY_KEY = "activityfhir.indexedEntry";

  private StandIns() {}

  /** A stand-in for {@code entry}, an indexed resource of {@code type}. */
  static Resource of(String type, Indexed<?> entry) {
    Resource standIn =
        switch (type) {
          case "HealthcareService" -> new HealthcareService();
          case "Location" -> new Location();
          case "Schedule" -> new Schedule();
          case "Slot" -> new Slot();
          case "Organization" -> new Organization();
          default -> throw new IllegalArgumentException("Not an indexed type: " + type);
        };
    standIn.setId(new IdType(type, entry.id(), Integer.toString(entry.version())));
    standIn.setUserData(ENTRY_KEY, entry);
    return standIn;
  }

  /** The index entry {@code resource} stands for, or null if it is not a stand-in. */
  static @Nullable Indexed<?> entryOf(Resource resource) {
    return resource.getUserData(ENTRY_KEY) instanceof Indexed<?> entry ? entry : null;
  }
}
