package dev.activityfhir.server.harvest;

import dev.activityfhir.server.harvest.FeedStatus.State;
import dev.activityfhir.server.store.AppliedChanges;
import dev.activityfhir.server.store.Checkpoint;
import dev.activityfhir.server.store.HarvestStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Harvests one RPDE feed: resumes at the stored checkpoint, follows {@code next} until the last page (no items
 * and {@code next} equal to the page's own URL, the end for both ordering strategies), then polls that page every
 * interval. Each page is applied to the store together with its {@code next} URL, then handed to the publisher,
 * which publishes it while the next page is fetched and stored; the feed shows as caught up only once its last
 * page is published.
 *
 * <p>Faults never end the loop: HTTP errors, timeouts, malformed or oversized pages back off exponentially (404
 * and 410 at the longest backoff); a page that points to itself while carrying items, or a {@code next} URL that
 * comes round again within one pass, is a paging loop: the page is applied once, paging stops and the feed is
 * polled again after the interval, or after the backoff once that is longer. One run at a time per feed, on a shared scheduler.
 */
public final class FeedHarvester {

  private static final Logger log = LoggerFactory.getLogger(FeedHarvester.class);

  private final String feedUrl;
  private final HarvestStore store;
  private final RpdeClient client;
  private final PagePublisher publisher;
  private final HarvestSettings settings;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Lock pageLock;
  private final FetchPolicy policy;

  private final PagingGuard guard = new PagingGuard();
  private @Nullable String currentUrl;
  private @Nullable ScheduledFuture<?> scheduled;
  private boolean stopped;

  private State state = State.HARVESTING;
  private long itemsHeld;
  private @Nullable Instant lastSuccess;
  private @Nullable String lastError;
  private int consecutiveFailures;
  private long malformedItems;
  private long itemsTooLarge;
  private long stringsCut;
  private FeedStatus.@Nullable Refused refused;

  /**
   * A harvester, not yet started.
   *
   * @param itemsHeld the feed's live items already in the store
   * @param publisher shared by the harvesters of one store
   * @param pageLock shared by the harvesters of one store: storing a page and queueing it for publishing happen
   *     under it, so the published resources follow the store's versions in order
   * @param policy judges every URL fetched, and each page's {@code next} before it is stored as the checkpoint
   */
  FeedHarvester(
      String feedUrl,
      HarvestStore store,
      RpdeClient client,
      PagePublisher publisher,
      HarvestSettings settings,
      ScheduledExecutorService scheduler,
      Clock clock,
      long itemsHeld,
      Lock pageLock,
      FetchPolicy policy) {
    this.feedUrl = feedUrl;
    this.store = store;
    this.client = client;
    this.publisher = publisher;
    this.settings = settings;
    this.scheduler = scheduler;
    this.clock = clock;
    this.itemsHeld = itemsHeld;
    this.pageLock = pageLock;
    this.policy = policy;
  }

  /** The feed's base URL. */
  public String feedUrl() {
    return feedUrl;
  }

  /** Schedules the first fetch now. */
  public synchronized void start() {
    schedule(Duration.ZERO);
  }

  /** Stops harvesting; a fetch in flight finishes but nothing further is scheduled. */
  public synchronized void stop() {
    stopped = true;
    if (scheduled != null) {
      scheduled.cancel(false);
    }
  }

  /** The current status. */
  public synchronized FeedStatus status() {
    return new FeedStatus(
        feedUrl,
        state,
        itemsHeld,
        lastSuccess,
        lastError,
        consecutiveFailures,
        malformedItems,
        itemsTooLarge,
        stringsCut,
        refused);
  }

  private synchronized void schedule(Duration delay) {
    if (!stopped) {
      scheduled = scheduler.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void run() {
    Duration delay;
    try {
      String url = currentUrl();
      if (url == null) {
        return;
      }
      RpdePage page = client.fetchPage(url, policy);
      // The next URL becomes the checkpoint: one that leaves the feed's origin is never stored, so the feed stays
      // at its last good checkpoint and moves on by itself once the publisher fixes the page.
      Optional<FetchPolicy.Refusal> badNext = FetchPolicy.checkNext(feedUrl, page.next());
      if (badNext.isPresent()) {
        throw new FetchRefusedException(badNext.get());
      }
      countMalformed(page);
      countBounded(page);
      Instant now = clock.instant();
      AppliedChanges changes;
      CompletableFuture<Void> published;
      pageLock.lock();
      try {
        changes = store.applyPage(feedUrl, page.items(), page.next(), page.license(), now);
        published = publisher.submit(feedUrl, changes, page.license());
      } finally {
        pageLock.unlock();
      }
      PagingGuard.Verdict verdict = verdictAfter(page);
      if (verdict.step() != PagingGuard.Step.CONTINUE) {
        // "Caught up" promises that the feed's data is served: wait until the page is published.
        awaitPublished(published);
      }
      delay = advance(page, changes, now, verdict);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (FetchRefusedException e) {
      refusedNow(e.refusal());
      delay = failed(e.getMessage(), false);
    } catch (FetchException e) {
      delay = failed(e.getMessage(), e.gone());
    } catch (RuntimeException e) {
      // The store (or anything unforeseen) failed: keep the checkpoint, retry like a fetch failure.
      log.warn("Harvesting {} failed", feedUrl, e);
      delay = failed("storing the page failed (see the log)", false);
    }
    schedule(delay);
  }

  /** The URL to fetch next, read from the stored checkpoint on the first run; null once stopped. */
  private synchronized @Nullable String currentUrl() {
    if (stopped) {
      return null;
    }
    if (currentUrl == null) {
      Optional<Checkpoint> checkpoint = store.checkpoint(feedUrl);
      String start = checkpoint.map(Checkpoint::nextUrl).orElse(feedUrl);
      Optional<FetchPolicy.Refusal> bad = FetchPolicy.checkNext(feedUrl, start);
      if (bad.isPresent()) {
        // Stored before checkpoints were judged: start the feed again (its items are applied idempotently).
        log.warn("{}: the stored checkpoint is refused ({}); harvesting from the start", feedUrl, bad.get().describe());
        refusedNow(bad.get());
        start = feedUrl;
      }
      lastSuccess = checkpoint.map(Checkpoint::updatedAt).orElse(null);
      guard.startAt(start);
      currentUrl = start;
    }
    return currentUrl;
  }

  private synchronized void refusedNow(FetchPolicy.Refusal refusal) {
    refused = FeedStatus.Refused.of(refusal, clock.instant());
  }

  /** Counts the items a page left out as malformed; the first reason is logged, later ones only at debug. */
  private synchronized void countMalformed(RpdePage page) {
    if (page.malformedItems().isEmpty()) {
      return;
    }
    if (malformedItems == 0) {
      log.warn(
          "{}: {} malformed item(s) left out of {} ({}); later ones are counted in /health",
          feedUrl, page.malformedItems().size(), page.url(), page.malformedItems().get(0));
    } else {
      log.debug("{}: malformed items left out of {}: {}", feedUrl, page.url(), page.malformedItems());
    }
    malformedItems += page.malformedItems().size();
  }

  private synchronized void countBounded(RpdePage page) {
    if (page.itemsTooLarge() + page.stringsCut() > 0 && itemsTooLarge + stringsCut == 0) {
      log.warn(
          "{}: {} item(s) over the size limit left out and {} string(s) cut in {}; later ones are counted in /health",
          feedUrl, page.itemsTooLarge(), page.stringsCut(), page.url());
    }
    itemsTooLarge += page.itemsTooLarge();
    stringsCut += page.stringsCut();
  }

  private synchronized PagingGuard.Verdict verdictAfter(RpdePage page) {
    return guard.after(page);
  }

  private static void awaitPublished(CompletableFuture<Void> published) throws InterruptedException {
    try {
      published.get();
    } catch (ExecutionException | CancellationException e) {
      // Logged by the publisher; the page is stored and the feed goes on.
    }
  }

  private synchronized Duration advance(
      RpdePage page, AppliedChanges changes, Instant now, PagingGuard.Verdict verdict) {
    itemsHeld += changes.liveCountDelta();
    lastSuccess = now;
    currentUrl = page.next();
    switch (verdict.step()) {
      case CAUGHT_UP:
        state = State.CAUGHT_UP;
        lastError = null;
        consecutiveFailures = 0;
        return settings.interval();
      case LOOP:
        state = State.FAILING;
        // The full reason, with the URLs, goes to the log only: /health repeats nothing read from a remote body.
        lastError =
            "paging loop: "
                + (page.pointsToItself()
                    ? "a page points to itself with " + page.items().size() + " items"
                    : "a next URL came round again within one pass");
        consecutiveFailures++;
        // A loop that persists is backed off like any fault, never polled faster than the interval.
        Duration backoff = settings.backoff(consecutiveFailures, ThreadLocalRandom.current().nextDouble());
        Duration delay = backoff.compareTo(settings.interval()) > 0 ? backoff : settings.interval();
        log.warn("Paging loop in {}: {}; polling again in {}", feedUrl, verdict.reason(), delay);
        return delay;
      default:
        state = State.HARVESTING;
        lastError = null;
        consecutiveFailures = 0;
        return Duration.ZERO;
    }
  }

  private synchronized Duration failed(String reason, boolean gone) {
    consecutiveFailures++;
    state = State.FAILING;
    lastError = reason;
    Duration delay =
        gone
            ? settings.maxBackoff()
            : settings.backoff(consecutiveFailures, ThreadLocalRandom.current().nextDouble());
    if (consecutiveFailures == 1 || gone) {
      log.warn("Fetching {} failed: {}; retrying in {}", currentUrl, reason, delay);
    } else {
      log.debug("Fetching {} failed again ({}): {}", currentUrl, consecutiveFailures, reason);
    }
    return delay;
  }
}
