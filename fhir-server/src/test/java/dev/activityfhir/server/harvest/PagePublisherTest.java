package dev.activityfhir.server.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activityfhir.server.store.AppliedChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PagePublisherTest {

  private static AppliedChanges version(long storeVersion) {
    return new AppliedChanges(List.of(), List.of(), 0, storeVersion);
  }

  @Test
  void publishesOnItsOwnThreadInSubmissionOrder() throws Exception {
    List<Long> versions = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    try (PagePublisher publisher =
        new PagePublisher(
            (feed, changes, license) -> {
              versions.add(changes.storeVersion());
              threads.add(Thread.currentThread().getName());
            },
            2)) {
      for (long v = 1; v <= 50; v++) {
        futures.add(publisher.submit("https://feed", version(v), null));
      }
      futures.get(49).get(5, TimeUnit.SECONDS);
    }
    assertThat(versions).hasSize(50).isSorted().startsWith(1L, 2L).endsWith(50L);
    assertThat(threads).containsOnly("harvest-publish");
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
  }

  @Test
  void aSubmitterWaitsWhileTheQueueIsFull() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Long> versions = new CopyOnWriteArrayList<>();
    PagePublisher publisher =
        new PagePublisher(
            (feed, changes, license) -> {
              awaitQuietly(release);
              versions.add(changes.storeVersion());
            },
            2);
    // One page being published (blocked) and two waiting fill it up: the fourth submission must wait.
    for (long v = 1; v <= 3; v++) {
      publisher.submit("https://feed", version(v), null);
    }
    AtomicBoolean fourthQueued = new AtomicBoolean();
    Thread submitter =
        new Thread(
            () -> {
              publisher.submit("https://feed", version(4), null);
              fourthQueued.set(true);
            });
    submitter.start();
    submitter.join(300);
    assertThat(fourthQueued).isFalse();
    assertThat(submitter.isAlive()).isTrue();

    release.countDown();
    submitter.join(5_000);
    assertThat(fourthQueued).isTrue();
    publisher.close();
    assertThat(versions).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void aFailedPageFailsItsFutureAndTheNextPagesArePublished() throws Exception {
    List<Long> versions = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> failed;
    CompletableFuture<Void> next;
    try (PagePublisher publisher =
        new PagePublisher(
            (feed, changes, license) -> {
              if (changes.storeVersion() == 1) {
                throw new IllegalStateException("mapping failed");
              }
              versions.add(changes.storeVersion());
            },
            2)) {
      failed = publisher.submit("https://feed", version(1), null);
      next = publisher.submit("https://feed", version(2), null);
      next.get(5, TimeUnit.SECONDS);
    }
    assertThatThrownBy(failed::get)
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("mapping failed");
    assertThat(versions).containsExactly(2L);
  }

  @Test
  void closePublishesWhatIsQueuedThenDropsLaterPages() {
    List<Long> versions = new CopyOnWriteArrayList<>();
    PagePublisher publisher =
        new PagePublisher(
            (feed, changes, license) -> {
              sleepQuietly(50);
              versions.add(changes.storeVersion());
            },
            2);
    for (long v = 1; v <= 3; v++) {
      publisher.submit("https://feed", version(v), null);
    }
    publisher.close();
    assertThat(versions).containsExactly(1L, 2L, 3L);

    CompletableFuture<Void> late = publisher.submit("https://feed", version(4), null);
    assertThat(late).isCancelled();
    assertThat(versions).containsExactly(1L, 2L, 3L);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
