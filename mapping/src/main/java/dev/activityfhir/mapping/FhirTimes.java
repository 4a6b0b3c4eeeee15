package dev.activityfhir.mapping;

import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * FHIR instants and dateTimes rendered in UTC ({@code Z}), so the same item gives the same JSON
 * whatever the JVM's default time zone.
 */
final class FhirTimes {

  private FhirTimes() {}

  static InstantType instant(Instant instant) {
    InstantType value = new InstantType(Date.from(instant));
    value.setTimeZoneZulu(true);
    return value;
  }

  static DateTimeType dateTime(Instant instant) {
    DateTimeType value = new DateTimeType(Date.from(instant));
    value.setTimeZoneZulu(true);
    return value;
  }
}
