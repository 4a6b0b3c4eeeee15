package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.jspecify.annotations.Nullable;

/**
 * What a directory entry needs before it is published: a name (its own or its activity's), an
 * identifier (its {@code @id} or the publisher's {@code identifier}) and somewhere to take part (a
 * location, or online attendance). Anything less, such as an item whose data is only {@code
 * {"@type":"SessionSeries"}}, is refused with a short, countable reason.
 */
final class QualityGate {

  static final String NO_NAME = "no name or activity to name it by";
  static final String NO_IDENTIFIER = "no @id or identifier";
  static final String NO_PLACE = "no location and not online";

  private QualityGate() {}

  /**
   * @throws UnmappableItemException naming the first thing missing
   */
  static void check(HealthcareService service, JsonNode view, @Nullable Location location) {
    if (!service.hasName()) {
      throw new UnmappableItemException(NO_NAME);
    }
    if (!service.hasIdentifier()) {
      throw new UnmappableItemException(NO_IDENTIFIER);
    }
    if (location == null && !namesAPlace(view) && !AttendanceMode.of(view).online()) {
      throw new UnmappableItemException(NO_PLACE);
    }
  }

  /** A {@code location} that identifies a place even when it gives no details (imin's references). */
  private static boolean namesAPlace(JsonNode view) {
    JsonNode place = JsonLd.get(view, "location");
    return place != null && JsonLd.id(place) != null;
  }
}
