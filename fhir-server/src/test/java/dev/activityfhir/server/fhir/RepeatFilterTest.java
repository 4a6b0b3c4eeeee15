package dev.activityfhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RepeatFilterTest {

  private static final String QUERY = "HealthcareService?location.near=51.5%7C-0.14%7C5%7Ckm&age=";

  @Test
  void tellsARepeatedKeyFromANewOne() {
    RepeatFilter filter = new RepeatFilter(16);

    assertThat(IntStream.range(0, 200).filter(age -> filter.seenBefore(QUERY + age))).isEmpty();
    assertThat(IntStream.range(0, 200).filter(age -> filter.seenBefore(QUERY + age))).hasSize(200);
    assertThat(filter.seenBefore(QUERY + 200)).isFalse();
  }

  @Test
  void aKeyWhoseSlotWasTakenCountsAsNewAgain() {
    RepeatFilter oneSlot = new RepeatFilter(0);

    assertThat(oneSlot.seenBefore("a")).isFalse();
    assertThat(oneSlot.seenBefore("a")).isTrue();
    assertThat(oneSlot.seenBefore("b")).isFalse();
    assertThat(oneSlot.seenBefore("a")).isFalse();
    assertThat(oneSlot.seenBefore("a")).isTrue();
  }

  @Test
  void theEmptyStringIsRememberedLikeAnyKey() {
    RepeatFilter filter = new RepeatFilter(4);

    assertThat(filter.seenBefore("")).isFalse();
    assertThat(filter.seenBefore("")).isTrue();
  }
}
