package dev.activityfhir.server.referral;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class NhsNumberTest {

  @ParameterizedTest(name = "{0} valid: {1}")
  @CsvSource({
    "9434765919, true",
    "943 476 5919, true",
    "9434765918, false", // wrong check digit
    "9912003890, false", // the UK Core example Patient's number: its check digit should be 6
    "1000000010, false", // remainder 1: check digit 10, never valid
    "943476591, false",
    "94347659190, false",
    "94347A5919, false",
  })
  void modulus11(String value, boolean valid) {
    assertThat(NhsNumber.isValid(value)).isEqualTo(valid);
  }
}
