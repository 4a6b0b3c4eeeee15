package dev.activityfhir.server.fhir.index;

/**
 * One {@code HealthcareService.availableTime} entry reduced to what search needs.
 *
 * @param dayMask bit {@code 1 << (isoDay - 1)} set for each day of the week (Monday = bit 0); all bits when allDay
 *     or no day is given
 * @param startMinute minutes after midnight the session starts, or -1 when not given
 * @param endMinute minutes after midnight the session ends, or -1 when not given
 */
public record AvailableTime(int dayMask, int startMinute, int endMinute) {

  /** All seven days. */
  public static final int ALL_DAYS = 0x7f;
}
