package dev.activityfhir.server.harvest;

import dev.activityfhir.server.store.AppliedChanges;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the {@link HarvestListener} about stored pages on a thread of its own, one page at a time and in the order
 * they were submitted, so that a harvester stores its next page (database writes) while the last one is published
 * (mapping and indexing). At most {@code capacity} pages wait: a harvester that submits more waits for room, so
 * publishing never falls far behind the store.
 */
final class PagePublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PagePublisher.class);

  private final HarvestListener listener;
  private final ThreadPoolExecutor executor;

  PagePublisher(HarvestListener listener, int capacity) {
    this.listener = listener;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(capacity),
            task -> {
              Thread thread = new Thread(task, "harvest-publish");
              thread.setDaemon(true);
              return thread;
            },
            PagePublisher::waitForRoom);
  }

  /**
   * Queues a stored page for publishing; waits while the queue is full. Call in the order the pages were stored.
   *
   * @return completed once the page is published, or failed to be (the failure is logged here)
   */
  CompletableFuture<Void> submit(String feedUrl, AppliedChanges changes, @Nullable String license) {
    Page page = new Page(feedUrl, changes, license);
    executor.execute(page);
    return page.published;
  }

  /** Publishes every page already submitted, then stops; later submissions are dropped. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
        log.warn("Publishing the last harvested pages took over 60 s; they are republished at the next start");
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Rejection policy: the submitter waits until the queue has room. Once shut down, the page is dropped: it is
   * stored, and the next start-up, finding the index snapshot behind the store, maps the store again.
   */
  private static void waitForRoom(Runnable task, ThreadPoolExecutor executor) {
    try {
      while (!executor.isShutdown()) {
        if (executor.getQueue().offer(task, 100, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ((Page) task).published.cancel(false);
  }

  private final class Page implements Runnable {
    private final String feedUrl;
    private final AppliedChanges changes;
    private final @Nullable String license;
    private final CompletableFuture<Void> published = new CompletableFuture<>();

    Page(String feedUrl, AppliedChanges changes, @Nullable String license) {
      this.feedUrl = feedUrl;
      this.changes = changes;
      this.license = license;
    }

    @Override
    public void run() {
      try {
        listener.pageApplied(feedUrl, changes, license);
        published.complete(null);
      } catch (RuntimeException e) {
        // The page is stored; publishing it failed. Harvesting goes on; the next start-up maps the store again.
        log.error("Publishing a page of {} failed", feedUrl, e);
        published.completeExceptionally(e);
      }
    }
  }
}
