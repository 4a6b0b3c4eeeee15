package dev.activityfhir.server.fhir.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompactIdSetTest {

  @Test
  void keepsInsertionOrderWithoutDuplicatesThroughGrowthAndRemoval() {
    CompactIdSet ids = new CompactIdSet();
    for (int i = 1; i <= 10; i++) {
      assertThat(ids.add("slot-" + i)).isTrue();
    }
    assertThat(ids.add("slot-3")).isFalse();
    assertThat(ids).hasSize(10).startsWith("slot-1", "slot-2", "slot-3").endsWith("slot-10");

    assertThat(ids.remove("slot-1")).isTrue();
    assertThat(ids.remove("slot-5")).isTrue();
    assertThat(ids.remove("slot-10")).isTrue();
    assertThat(ids.remove("slot-5")).isFalse();
    assertThat(ids)
        .containsExactly("slot-2", "slot-3", "slot-4", "slot-6", "slot-7", "slot-8", "slot-9");
    assertThat(ids.contains("slot-6")).isTrue();
    assertThat(ids.contains("slot-10")).isFalse();

    assertThat(ids.add("slot-1")).isTrue();
    assertThat(ids).hasSize(8).endsWith("slot-1");
  }

  @Test
  void emptiesCompletely() {
    CompactIdSet ids = new CompactIdSet();
    ids.add("a");
    ids.add("b");
    ids.remove("a");
    ids.remove("b");
    assertThat(ids).isEmpty();
    assertThat(ids.iterator().hasNext()).isFalse();
  }
}
