package dev.activityfhir.server.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HarvestSettingsTest {

  private final HarvestSettings settings =
      new HarvestSettings(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(5));

  @ParameterizedTest
  @CsvSource({
    "1, 0.0, 500",
    "1, 0.999999, 999",
    "2, 0.0, 1000",
    "4, 0.0, 4000",
    "9, 0.0, 128000",
    "10, 0.0, 150000",
    "1000, 0.999999, 299999",
  })
  void backsOffExponentiallyWithJitterUpToTheBound(int failures, double jitter, long millis) {
    assertThat(settings.backoff(failures, jitter)).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void rejectsABoundBelowTheFirstWait() {
    assertThatThrownBy(() -> new HarvestSettings(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
