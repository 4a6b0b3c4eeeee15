package dev.activityfhir.server.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateCriterionTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @ParameterizedTest(name = "{0} at {1} -> {2}")
  @CsvSource({
    // Day precision in London time (GMT in January, BST in July).
    "2026-01-07, 2026-01-07T00:00:00Z, true",
    "2026-01-07, 2026-01-07T23:59:59Z, true",
    "2026-01-07, 2026-01-08T00:00:00Z, false",
    "2026-07-07, 2026-07-06T23:30:00Z, true",
    "2026-07-07, 2026-07-07T23:30:00Z, false",
    "ne2026-01-07, 2026-01-08T10:00:00Z, true",
    "ne2026-01-07, 2026-01-07T10:00:00Z, false",
    "lt2026-01-07, 2026-01-06T23:59:59Z, true",
    "lt2026-01-07, 2026-01-07T00:00:00Z, false",
    "le2026-01-07, 2026-01-07T23:00:00Z, true",
    "gt2026-01-07, 2026-01-07T23:00:00Z, false",
    "gt2026-01-07, 2026-01-08T00:00:00Z, true",
    "ge2026-01-07, 2026-01-07T00:00:00Z, true",
    "sa2026-01-07, 2026-01-08T00:00:00Z, true",
    "eb2026-01-07, 2026-01-06T12:00:00Z, true",
    "eb2026-01, 2026-01-31T12:00:00Z, false",
    "2026, 2026-12-31T23:59:59Z, true",
    "2026-01-07T10:00:00Z, 2026-01-07T10:00:00.500Z, true",
    "2026-01-07T10:00:00Z, 2026-01-07T10:00:01Z, false",
    "ge2026-01-07T10:00, 2026-01-07T10:00:00Z, true",
    "gt2026-01-07T10:00+01:00, 2026-01-07T09:01:00Z, true",
    // ap: 6 days away, so within max(10% of 6 days, 1 h) = 14.4 h of the day.
    "ap2026-01-07, 2026-01-06T10:00:00Z, true",
    "ap2026-01-07, 2026-01-06T09:00:00Z, false",
  })
  void matchesInstants(String value, String instant, boolean expected) {
    assertThat(DateCriterion.parse(value).test(Instant.parse(instant).toEpochMilli(), NOW)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "bad", "2026-13-01", "xx2026-01-01", "2026-01-01T25:00"})
  void rejectsMalformedValues(String value) {
    assertThatThrownBy(() -> DateCriterion.parse(value)).isInstanceOf(IllegalArgumentException.class);
  }
}
