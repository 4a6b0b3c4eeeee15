package dev.activityfhir.server.fhir.index;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dev.activityfhir.server.directory.ResourceChanges;
import dev.activityfhir.server.fhir.DirectoryFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.Test;

class ResourceIndexConcurrencyTest {

  @Test
  void readersSeeWholeBatchesOnly() throws InterruptedException {
    ResourceIndex index = new ResourceIndex(FhirContext.forR4Cached());
    index.apply(new ResourceChanges(batch(0), List.of()));
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                // Each batch swaps the schedule's ten slots for ten new ones: a torn read would see another count.
                seen.add(index.query(v -> v.slotIdsOfSchedule("sch-x").size()));
              }
            });
    reader.start();
    for (int round = 1; round <= 200; round++) {
      List<String> deletions = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        deletions.add("Slot/s-" + (round - 1) + "-" + i);
      }
      index.apply(new ResourceChanges(batch(round), deletions));
    }
    done.set(true);
    reader.join();

    assertThat(seen).isNotEmpty().containsOnly(10);
    assertThat(index.size("Slot")).isEqualTo(10);
  }

  private static List<Resource> batch(int round) {
    List<Resource> slots = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      slots.add(
          DirectoryFixtures.slot("s-" + round + "-" + i, "sch-x", DirectoryFixtures.YOGA,
              Instant.parse("2026-01-05T10:00:00Z").plus(Duration.ofHours(i)), Slot.SlotStatus.FREE));
    }
    return slots;
  }
}
