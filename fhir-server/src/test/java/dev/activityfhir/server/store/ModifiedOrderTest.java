package dev.activityfhir.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModifiedOrderTest {

  @ParameterizedTest
  @CsvSource({
    "9, 10, -1",
    "10, 10, 0",
    "1152921504606846976, 1152921504606846975, 1",
    "-1, 0, -1",
    "2014-09-15T09:12:51Z, 2014-09-16T09:12:51Z, -1",
    // 20 digits do not fit a long: compared as text
    "99999999999999999999, 10, 1",
  })
  void ordersModifiedValues(String a, String b, int sign) {
    assertThat(Integer.signum(HarvestStore.compareModified(a, b))).isEqualTo(sign);
  }
}
