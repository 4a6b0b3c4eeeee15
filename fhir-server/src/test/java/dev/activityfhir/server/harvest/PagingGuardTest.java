package dev.activityfhir.server.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.server.harvest.PagingGuard.Step;
import dev.activityfhir.server.store.RpdeItem;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagingGuardTest {

  private static final String BASE = "https://ex.org/feed";
  private static final List<RpdeItem> ONE =
      List.of(new RpdeItem("1", "updated", "5", null, "{\"@type\":\"SessionSeries\"}"));

  private final PagingGuard guard = new PagingGuard();

  private static RpdePage page(String url, List<RpdeItem> items, String next) {
    return new RpdePage(url, items, next, null);
  }

  @Test
  void continuesUntilTheEmptySelfPointingPage() {
    guard.startAt(BASE);
    assertThat(guard.after(page(BASE, ONE, BASE + "?afterChangeNumber=5")).step()).isEqualTo(Step.CONTINUE);
    assertThat(guard.after(page(BASE + "?afterChangeNumber=5", ONE, BASE + "?afterChangeNumber=9")).step())
        .isEqualTo(Step.CONTINUE);
    PagingGuard.Verdict last =
        guard.after(page(BASE + "?afterChangeNumber=9", List.of(), BASE + "?afterChangeNumber=9"));
    assertThat(last).isEqualTo(new PagingGuard.Verdict(Step.CAUGHT_UP, null));
  }

  @Test
  void aPagePointingToItselfWithItemsIsALoop() {
    guard.startAt(BASE);
    PagingGuard.Verdict verdict = guard.after(page(BASE, ONE, BASE));
    assertThat(verdict.step()).isEqualTo(Step.LOOP);
    assertThat(verdict.reason()).isEqualTo("page " + BASE + " points to itself with 1 items");
  }

  @Test
  void aNextUrlComingRoundAgainIsALoop() {
    guard.startAt(BASE);
    assertThat(guard.after(page(BASE, ONE, BASE + "?p=2")).step()).isEqualTo(Step.CONTINUE);
    assertThat(guard.after(page(BASE + "?p=2", ONE, BASE + "?p=3")).step()).isEqualTo(Step.CONTINUE);
    PagingGuard.Verdict verdict = guard.after(page(BASE + "?p=3", ONE, BASE + "?p=2"));
    assertThat(verdict.step()).isEqualTo(Step.LOOP);
    assertThat(verdict.reason()).contains(BASE + "?p=2");
  }

  @Test
  void anEmptyPageThatMovesOnIsNotTheEnd() {
    guard.startAt(BASE);
    assertThat(guard.after(page(BASE, List.of(), BASE + "?p=2")).step()).isEqualTo(Step.CONTINUE);
  }

  @Test
  void pollingTheLastPageAgainIsNotALoop() {
    guard.startAt(BASE + "?p=9");
    assertThat(guard.after(page(BASE + "?p=9", List.of(), BASE + "?p=9")).step()).isEqualTo(Step.CAUGHT_UP);
    assertThat(guard.after(page(BASE + "?p=9", ONE, BASE + "?p=10")).step()).isEqualTo(Step.CONTINUE);
    assertThat(guard.after(page(BASE + "?p=10", List.of(), BASE + "?p=10")).step()).isEqualTo(Step.CAUGHT_UP);
    assertThat(guard.after(page(BASE + "?p=10", List.of(), BASE + "?p=10")).step()).isEqualTo(Step.CAUGHT_UP);
  }
}
