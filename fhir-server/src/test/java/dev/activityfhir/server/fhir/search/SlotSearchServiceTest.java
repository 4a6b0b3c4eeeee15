package dev.activityfhir.server.fhir.search;

import static dev.activityfhir.server.fhir.search.SearchFixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotSearchServiceTest {

  private final SlotSearchService service =
      new SlotSearchService(
          SearchFixtures.index(), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  private static SlotSearchParams params(
      Set<String> schedules, Set<String> actors, List<String> starts, Set<String> statuses, boolean desc) {
    return new SlotSearchParams(
        Set.of(), schedules, actors, starts.stream().map(DateCriterion::parse).toList(), statuses, List.of(), desc);
  }

  @Test
  void bySchedulesInStartOrder() {
    List<Hit> hits = service.search(params(Set.of("sch-hatha-yoga"), Set.of(), List.of(), Set.of(), false));

    assertThat(ids(hits)).containsExactly("slot-hy-1", "slot-hy-2", "slot-hy-3");
  }

  @Test
  void descendingSortAndStatus() {
    assertThat(ids(service.search(params(Set.of("sch-hatha-yoga"), Set.of(), List.of(), Set.of(), true))))
        .containsExactly("slot-hy-3", "slot-hy-2", "slot-hy-1");
    assertThat(ids(service.search(params(Set.of(), Set.of(), List.of(), Set.of("busy", "busy-unavailable"), false))))
        .containsExactly("slot-hy-2", "slot-hy-3");
  }

  @Test
  void startRangeWithDayPrecision() {
    // Walking football: Mondays from 2026-01-05; hatha yoga: Wednesdays 7, 14, 21 January.
    assertThat(ids(service.search(params(Set.of(), Set.of(), List.of("ge2026-01-12", "lt2026-01-20"), Set.of(), false))))
        .containsExactly("slot-wf-01", "slot-hy-2", "slot-wf-02");
    assertThat(ids(service.search(params(Set.of(), Set.of(), List.of("2026-01-07"), Set.of(), false))))
        .containsExactly("slot-hy-1");
  }

  @Test
  void scheduleActorChain() {
    assertThat(
            ids(service.search(
                params(Set.of(), Set.of("Location/loc-brixton"), List.of("le2026-01-14"), Set.of(), false))))
        .containsExactly("slot-hy-1", "slot-hy-2");
  }

  @Test
  void everySlotWithoutCriteria() {
    assertThat(service.search(params(Set.of(), Set.of(), List.of(), Set.of(), false))).hasSize(28);
  }
}
