package dev.activityfhir.mapping;

import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * FHIR instants and dateTimes rendered in UTC ({@code Z}), so the same item gives the same JSON
 * whatever the JVM's default time zone. The zone is set before the value: setting it after would render the
 * value twice, and HAPI renders through a {@code Calendar}, slowly (a harvest renders millions).
 */
final class FhirTimes {

  private FhirTimes() {}

  static InstantType instant(Instant instant) {
    InstantType value = new InstantType();
    value.setTimeZoneZulu(true);
    value.setValue(Date.from(instant));
    return value;
  }

  static DateTimeType dateTime(Instant instant) {
    DateTimeType value = new DateTimeType();
    value.setTimeZoneZulu(true);
    value.setValue(Date.from(instant));
    return value;
  }
}
