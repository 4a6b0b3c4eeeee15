package dev.activityfhir.server.harvest;

import dev.activityfhir.server.harvest.FeedStatus.State;
import dev.activityfhir.server.store.AppliedChanges;
import dev.activityfhir.server.store.Checkpoint;
import dev.activityfhir.server.store.HarvestStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
 * interval. Each page is applied to the store together with its {@code next} URL, then handed to the listener.
 *
 * <p>Faults never end the loop: HTTP errors, timeouts, malformed or oversized pages back off exponentially (404
 * and 410 at the longest backoff); a page that points to itself while carrying items, or a {@code next} URL that
 * comes round again within one pass, is a paging loop: the page is applied once, paging stops and the feed is
 * polled again after the interval. One run at a time per feed, on a shared scheduler.
 */
public final class FeedHarvester {

  private static final Logger log = LoggerFactory.getLogger(FeedHarvester.class);

  private final String feedUrl;
  private final HarvestStore store;
  private final RpdeClient client;
  private final HarvestListener listener;
  private final HarvestSettings settings;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Lock pageLock;

  private final PagingGuard guard = new PagingGuard();
  private @Nullable String currentUrl;
  private @Nullable ScheduledFuture<?> scheduled;
  private boolean stopped;

  private State state = State.HARVESTING;
  private long itemsHeld;
  private @Nullable Instant lastSuccess;
  private @Nullable String lastError;
  private int consecutiveFailures;

  /**
   * A harvester, not yet started.
   *
   * @param itemsHeld the feed's live items already in the store
   * @param pageLock shared by the harvesters of one store: storing a page and publishing it happen under it, so
   *     the published resources follow the store's versions in order
   */
  public FeedHarvester(
      String feedUrl,
      HarvestStore store,
      RpdeClient client,
      HarvestListener listener,
      HarvestSettings settings,
      ScheduledExecutorService scheduler,
      Clock clock,
      long itemsHeld,
      Lock pageLock) {
    this.feedUrl = feedUrl;
    this.store = store;
    this.client = client;
    this.listener = listener;
    this.settings = settings;
    this.scheduler = scheduler;
    this.clock = clock;
    this.itemsHeld = itemsHeld;
    this.pageLock = pageLock;
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
    return new FeedStatus(feedUrl, state, itemsHeld, lastSuccess, lastError, consecutiveFailures);
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
      RpdePage page = client.fetchPage(url);
      Instant now = clock.instant();
      AppliedChanges changes;
      pageLock.lock();
      try {
        changes = store.applyPage(feedUrl, page.items(), page.next(), page.license(), now);
        notifyListener(changes, page.license());
      } finally {
        pageLock.unlock();
      }
      delay = advance(page, changes, now);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (FetchException e) {
      delay = failed(e.getMessage(), e.gone());
    } catch (RuntimeException e) {
      // The store (or anything unforeseen) failed: keep the checkpoint, retry like a fetch failure.
      log.warn("Harvesting {} failed", feedUrl, e);
      delay = failed(e.getClass().getSimpleName() + ": " + e.getMessage(), false);
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
      lastSuccess = checkpoint.map(Checkpoint::updatedAt).orElse(null);
      guard.startAt(start);
      currentUrl = start;
    }
    return currentUrl;
  }

  private void notifyListener(AppliedChanges changes, @Nullable String license) {
    try {
      listener.pageApplied(feedUrl, changes, license);
    } catch (RuntimeException e) {
      // The page is stored; publishing it failed. Harvesting goes on, the next start-up load republishes it.
      log.error("Publishing a page of {} failed", feedUrl, e);
    }
  }

  private synchronized Duration advance(RpdePage page, AppliedChanges changes, Instant now) {
    itemsHeld += changes.liveCountDelta();
    lastSuccess = now;
    currentUrl = page.next();
    PagingGuard.Verdict verdict = guard.after(page);
    switch (verdict.step()) {
      case CAUGHT_UP:
        state = State.CAUGHT_UP;
        lastError = null;
        consecutiveFailures = 0;
        return settings.interval();
      case LOOP:
        log.warn("Paging loop in {}: {}; polling again in {}", feedUrl, verdict.reason(), settings.interval());
        state = State.FAILING;
        lastError = "paging loop: " + verdict.reason();
        consecutiveFailures++;
        return settings.interval();
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
