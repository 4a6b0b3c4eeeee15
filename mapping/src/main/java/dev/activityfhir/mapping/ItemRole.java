package dev.activityfhir.mapping;

import java.util.Locale;
import java.util.Set;

/** What an OpenActive item is to the directory, decided by its {@code @type} (never by RPDE kind). */
public enum ItemRole {
  /** SessionSeries, Event, CourseInstance, HeadlineEvent, FacilityUse, IndividualFacilityUse. */
  PARENT,
  /** ScheduledSession or facility Slot: joined to a parent by {@code @id}. */
  CHILD,
  /** Anything else (OnDemandEvent, EventSeries, Place, unknown types). */
  IGNORED;

  private static final Set<String> PARENT_TYPES =
      Set.of(
          "sessionseries",
          "event",
          "courseinstance",
          "headlineevent",
          "facilityuse",
          "individualfacilityuse");
  private static final Set<String> CHILD_TYPES = Set.of("scheduledsession", "slot");

  /** The role of an item whose {@code @type} local name is {@code type} (case-insensitive). */
  public static ItemRole ofType(String type) {
    String key = type.toLowerCase(Locale.ROOT);
    if (PARENT_TYPES.contains(key)) {
      return PARENT;
    }
    return CHILD_TYPES.contains(key) ? CHILD : IGNORED;
  }
}
