package dev.activityfhir.server.harvest;

import dev.activityfhir.server.harvest.DatasetSiteDiscovery.FeedLink;
import dev.activityfhir.server.harvest.FeedStatus.State;
import dev.activityfhir.server.store.HarvestStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the harvesters of all configured sources. A source URL with a stored checkpoint is a feed and resumes
 * at once; any other is fetched first: HTML is an OpenActive dataset site whose distribution feeds are harvested
 * (and remembered, so a restart resumes them at once), JSON is a feed. A source that cannot be fetched is retried
 * with backoff and shown as failing meanwhile.
 */
public final class Harvesting implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Harvesting.class);

  private final HarvestStore store;
  private final RpdeClient client;
  private final PagePublisher publisher;
  private final HarvestSettings settings;
  private final Clock clock;
  private final DatasetSiteDiscovery discovery;
  private final ScheduledThreadPoolExecutor scheduler;
  private final Lock pageLock = new ReentrantLock();
  /** By feed URL, in start order. */
  private final Map<String, FeedHarvester> harvesters = new LinkedHashMap<>();
  /** Sources not yet resolved into feeds, by URL. */
  private final Map<String, FeedStatus> unresolved = new LinkedHashMap<>();
  /** Feeds each dataset site named that the fetch policy refused, by site URL. */
  private final Map<String, List<FeedStatus.Refused>> discoveryRefusals = new LinkedHashMap<>();
  private final List<String> allowedHosts;
  private FetchPolicy policy = FetchPolicy.trusting(List.of(), List.of());
  private Map<String, Long> initialCounts = Map.of();
  private boolean closed;

  /**
   * Harvesting into {@code store}, telling {@code listener} about every applied page, in the order the pages were
   * stored, on a publishing thread of its own.
   *
   * @param threads scheduler threads shared by all feeds (a fetch holds one for up to the client timeout)
   * @param allowedHosts hosts fetched whatever they resolve to, besides the sources' own ({@code
   *     FEED_HOSTS_ALLOWED}); see {@link FetchPolicy}
   */
  public Harvesting(
      HarvestStore store,
      RpdeClient client,
      HarvestListener listener,
      HarvestSettings settings,
      Clock clock,
      int threads,
      List<String> allowedHosts) {
    this.store = store;
    this.allowedHosts = List.copyOf(allowedHosts);
    this.client = client;
    // Up to two pages wait besides the one being published: enough for storing to run alongside publishing,
    // and the index never trails the store by more than three pages.
    this.publisher = new PagePublisher(listener, 2);
    this.settings = settings;
    this.clock = clock;
    this.discovery = new DatasetSiteDiscovery(client);
    AtomicInteger count = new AtomicInteger();
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            threads,
            task -> {
              Thread thread = new Thread(task, "harvest-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    // On close, pending polls are dropped but a fetch in flight may finish: interrupting a thread inside
    // H2's file I/O would close the database file under it.
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setRemoveOnCancelPolicy(true);
    this.scheduler = executor;
  }

  /** Harvesting with the system clock, two scheduler threads and no allowed hosts but the sources'. */
  public Harvesting(
      HarvestStore store, RpdeClient client, HarvestListener listener, HarvestSettings settings) {
    this(store, client, listener, settings, Clock.systemUTC(), 2, List.of());
  }

  /**
   * Starts harvesting every source: RPDE feed URLs and/or dataset-site URLs. The sources are the trusted URLs of
   * the {@link FetchPolicy}; every other URL is judged by it.
   */
  public synchronized void start(List<String> sources) {
    policy = FetchPolicy.trusting(sources, allowedHosts);
    initialCounts = store.liveItemCounts();
    for (String source : sources) {
      if (store.checkpoint(source).isPresent()) {
        startFeed(source);
        continue;
      }
      List<String> known = store.sourceFeeds(source);
      if (known.isEmpty()) {
        unresolved.put(source, FeedStatus.unread(source));
      } else {
        // Resume the feeds found last time at once; reading the site again only adds new ones.
        known.forEach(this::startFeed);
      }
      scheduler.execute(() -> resolve(source, 0));
    }
  }

  private void resolve(String source, int failures) {
    try {
      FetchedDocument document = client.fetch(source, "application/json, text/html;q=0.9", policy());
      List<String> feeds = new ArrayList<>();
      List<FeedStatus.Refused> refused = new ArrayList<>();
      if (document.isHtml()) {
        for (FeedLink link : discovery.feeds(document.text(), source)) {
          Optional<FetchPolicy.Refusal> refusal = policy().checkWithoutResolving(link.url());
          if (refusal.isPresent()) {
            log.warn("Dataset site {} lists a feed that is not harvested: {}", source, refusal.get().describe());
            refused.add(FeedStatus.Refused.of(refusal.get(), clock.instant()));
          } else {
            feeds.add(link.url());
          }
        }
        log.info("Dataset site {} lists {} feeds: {}", source, feeds.size(), feeds);
        store.saveSourceFeeds(source, feeds);
      } else {
        feeds.add(source);
      }
      synchronized (this) {
        unresolved.remove(source);
        if (refused.isEmpty()) {
          discoveryRefusals.remove(source);
        } else {
          discoveryRefusals.put(source, List.copyOf(refused));
        }
        feeds.forEach(this::startFeed);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (FetchException | RuntimeException e) {
      int failed = failures + 1;
      boolean gone = e instanceof FetchException fetch && fetch.gone();
      Duration delay =
          gone
              ? settings.maxBackoff()
              : settings.backoff(failed, ThreadLocalRandom.current().nextDouble());
      log.warn("Source {} could not be read: {}; retrying in {}", source, e.getMessage(), delay);
      String reason = e instanceof FetchException ? e.getMessage() : "reading the source failed (see the log)";
      FeedStatus.Refused refused =
          e instanceof FetchRefusedException refusal
              ? FeedStatus.Refused.of(refusal.refusal(), clock.instant())
              : null;
      synchronized (this) {
        if (closed) {
          return;
        }
        unresolved.put(
            source, new FeedStatus(source, State.FAILING, 0, null, reason, failed, 0, 0, 0, refused));
        scheduler.schedule(() -> resolve(source, failed), delay.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private synchronized void startFeed(String feedUrl) {
    if (closed || harvesters.containsKey(feedUrl)) {
      return;
    }
    FeedHarvester harvester =
        new FeedHarvester(
            feedUrl,
            store,
            client,
            publisher,
            settings,
            scheduler,
            clock,
            initialCounts.getOrDefault(feedUrl, 0L),
            pageLock,
            policy);
    harvesters.put(feedUrl, harvester);
    harvester.start();
  }

  private synchronized FetchPolicy policy() {
    return policy;
  }

  /** The feeds each dataset site listed that the fetch policy refused (so never harvested), by site URL. */
  public synchronized Map<String, List<FeedStatus.Refused>> discoveryRefusals() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(discoveryRefusals));
  }

  /** The status of every feed, then of every source not yet resolved into feeds. */
  public synchronized List<FeedStatus> statuses() {
    List<FeedStatus> statuses = new ArrayList<>();
    harvesters.values().forEach(harvester -> statuses.add(harvester.status()));
    statuses.addAll(unresolved.values());
    return statuses;
  }

  /**
   * Stops every harvester and waits for fetches in flight to end (at most the client timeout plus the time to
   * store a page), then for the stored pages to be published, before returning, so the store can be closed next.
   */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      harvesters.values().forEach(FeedHarvester::stop);
    }
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(60, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
    publisher.close();
  }
}
