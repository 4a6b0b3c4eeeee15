package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * OpenActive property inheritance: a child takes location, organizer, activity, ageRange and the
 * like from its parent when it does not publish them itself; the child's own values win. Identity
 * and scheduling properties are never inherited, and offers only from a SessionSeries to its
 * ScheduledSessions (Modelling Opportunity Data 2.0, "Property inheritance").
 */
final class Inheritance {

  private static final Set<String> NEVER_INHERITED =
      Set.of(
          "@context",
          "@type",
          "type",
          "@id",
          "id",
          "url",
          "identifier",
          "eventSchedule",
          "subEvent",
          "event",
          "superEvent",
          "instanceOfCourse",
          "startDate",
          "endDate",
          "duration",
          "eventStatus",
          "remainingAttendeeCapacity",
          "maximumAttendeeCapacity",
          "remainingUses",
          "maximumUses",
          "individualFacilityUse",
          "facilityUse",
          "hoursAvailable");

  private Inheritance() {}

  /**
   * A copy of {@code own} completed with {@code ancestor}'s inheritable properties.
   *
   * @param offersToo whether {@code offers} may be inherited (SessionSeries to ScheduledSession
   *     only)
   */
  static JsonNode inherit(JsonNode own, @Nullable JsonNode ancestor, boolean offersToo) {
    if (ancestor == null || !ancestor.isObject() || !own.isObject()) {
      return own;
    }
    // A shallow copy: only top-level properties are added, and the values stay shared, read-only as every
    // tree the mapper is given.
    ObjectNode merged = ((ObjectNode) own).objectNode().setAll((ObjectNode) own);
    ancestor
        .fields()
        .forEachRemaining(
            field -> {
              String name = field.getKey();
              boolean inheritable =
                  !NEVER_INHERITED.contains(name) && (offersToo || !(name.equals("offers") || name.equals("offer")));
              if (inheritable && JsonLd.get(merged, name) == null) {
                merged.set(name, field.getValue());
              }
            });
    return merged;
  }

  /**
   * A parent item's data completed with what it inherits from its embedded {@code superEvent} (an
   * EventSeries) and {@code instanceOfCourse} (a Course).
   */
  static JsonNode parentView(JsonNode data) {
    JsonNode view = data;
    JsonNode course = JsonLd.get(data, "instanceOfCourse");
    if (course != null && course.isObject()) {
      view = inherit(view, course, false);
    }
    JsonNode superEvent = JsonLd.get(data, "superEvent");
    if (superEvent != null && superEvent.isObject()) {
      view = inherit(view, superEvent, false);
    }
    return view;
  }
}
