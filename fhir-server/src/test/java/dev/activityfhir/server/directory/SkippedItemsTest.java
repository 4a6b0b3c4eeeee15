package dev.activityfhir.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Counting held-back items per feed and reason, with a bound on the reasons a feed can name. */
class SkippedItemsTest {

  private static final String FEED = "https://ex.org/feed";

  @Test
  void anItemCountsUnderItsCurrentReasonOnly() {
    SkippedItems skipped = new SkippedItems();
    String reason = skipped.move(FEED, null, "parent not harvested");
    reason = skipped.move(FEED, reason, "parent not harvested");
    assertThat(skipped.perReason(FEED)).containsExactly(Map.entry("parent not harvested", 1L));
    reason = skipped.move(FEED, reason, "no usable startDate, or an end before it");
    assertThat(skipped.perReason(FEED))
        .containsExactly(Map.entry("no usable startDate, or an end before it", 1L));
    assertThat(skipped.move(FEED, reason, null)).isNull();
    assertThat(skipped.perReason(FEED)).isEmpty();
    assertThat(skipped.perFeed()).isEmpty();
  }

  @Test
  void reasonsBeyondTheBoundAreCountedTogether() {
    SkippedItems skipped = new SkippedItems();
    String last = null;
    for (int i = 0; i <= SkippedItems.MAX_REASONS_PER_FEED; i++) {
      last = skipped.move(FEED, null, "not a directory type: T" + i);
    }
    assertThat(last).isEqualTo(SkippedItems.OTHER);
    assertThat(skipped.perReason(FEED)).hasSize(SkippedItems.MAX_REASONS_PER_FEED + 1);
    assertThat(skipped.perFeed()).containsExactly(Map.entry(FEED, 33L));
    skipped.move(FEED, last, null);
    assertThat(skipped.perReason(FEED)).doesNotContainKey(SkippedItems.OTHER);
  }
}
