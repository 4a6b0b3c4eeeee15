package dev.activityfhir.server.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CompactSetTest {

  @Test
  void keepsInsertionOrderWithoutDuplicatesThroughGrowthAndRemoval() {
    CompactSet<String> ids = new CompactSet<>();
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
    CompactSet<String> ids = new CompactSet<>();
    ids.add("a");
    ids.add("b");
    ids.remove("a");
    ids.remove("b");
    assertThat(ids).isEmpty();
    assertThat(ids.iterator().hasNext()).isFalse();
  }

  @Test
  void staysASetInInsertionOrderBeyondTheArray() {
    CompactSet<Integer> numbers = new CompactSet<>();
    int count = CompactSet.ARRAY_LIMIT * 3;
    IntStream.range(0, count).forEach(numbers::add);
    assertThat(numbers.add(CompactSet.ARRAY_LIMIT)).isFalse();
    assertThat(numbers.add(0)).isFalse();
    assertThat(numbers).hasSize(count).startsWith(0, 1, 2).endsWith(count - 2, count - 1);

    assertThat(numbers.remove((Object) 5)).isTrue();
    assertThat(numbers.remove((Object) 5)).isFalse();
    assertThat(numbers.contains(5)).isFalse();
    assertThat(numbers.contains(count - 1)).isTrue();
    assertThat(numbers.add(5)).isTrue();
    assertThat(numbers).hasSize(count).endsWith(count - 1, 5);
  }

  @Test
  void movesAtTheLimitKeepingEveryElement() {
    CompactSet<Integer> numbers = new CompactSet<>();
    IntStream.range(0, CompactSet.ARRAY_LIMIT).forEach(numbers::add);
    assertThat(numbers).hasSize(CompactSet.ARRAY_LIMIT);
    numbers.add(CompactSet.ARRAY_LIMIT);
    assertThat(numbers)
        .containsExactlyElementsOf(IntStream.rangeClosed(0, CompactSet.ARRAY_LIMIT).boxed().toList());
  }

  @Test
  void removesThroughItsIterator() {
    CompactSet<String> ids = new CompactSet<>();
    List.of("a", "b", "c", "d").forEach(ids::add);
    Iterator<String> iterator = ids.iterator();
    List<String> seen = new ArrayList<>();
    while (iterator.hasNext()) {
      String id = iterator.next();
      seen.add(id);
      if (id.equals("b") || id.equals("c")) {
        iterator.remove();
      }
    }
    assertThat(seen).containsExactly("a", "b", "c", "d");
    assertThat(ids).containsExactly("a", "d");
    assertThatThrownBy(ids.iterator()::remove).isInstanceOf(IllegalStateException.class);
    assertThat(ids.removeIf("a"::equals)).isTrue();
    assertThat(ids).containsExactly("d");
  }
}
