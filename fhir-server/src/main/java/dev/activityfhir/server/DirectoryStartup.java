package dev.activityfhir.server;

import dev.activityfhir.mapping.OpenActiveMapper;
import dev.activityfhir.mapping.ScheduleWindow;
import dev.activityfhir.server.config.AppConfig;
import dev.activityfhir.server.directory.Directory;
import dev.activityfhir.server.directory.PublishedSlots;
import dev.activityfhir.server.directory.PublishedSlots.SlotTimes;
import dev.activityfhir.server.directory.ScheduleRefresher;
import dev.activityfhir.server.fhir.index.Indexed;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.index.SlotKeys;
import dev.activityfhir.server.harvest.FeedStatus;
import dev.activityfhir.server.harvest.HarvestSettings;
import dev.activityfhir.server.harvest.Harvesting;
import dev.activityfhir.server.harvest.ItemLimits;
import dev.activityfhir.server.harvest.RpdeClient;
import dev.activityfhir.server.store.AppliedChanges;
import dev.activityfhir.server.store.Database;
import dev.activityfhir.server.store.HarvestStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up thread's work, apart from Jetty: opens (and migrates) the database, loads the stored data into the
 * index (from the snapshot when it is current, else by mapping every stored item), then starts harvesting once the
 * port is open. Holds what start-up produced for the rest of the server: the database, readiness, feed states.
 */
final class DirectoryStartup {

  private static final Logger log = LoggerFactory.getLogger(DirectoryStartup.class);

  /** What the web server must offer the start-up thread: its port open, or a stop when start-up failed. */
  interface Listening {
    /** Waits until the port is open; false when the server did not start (or stopped). */
    boolean awaitListening() throws InterruptedException;

    /** Stops the server (after the database could not be opened). */
    void stop();

    /** The feeds to harvest (the demo feeds are served from this server's own port). */
    List<String> feedSources();
  }

  /** The database and what is built on it. */
  private record Storage(
      Database database, HarvestStore store, Directory directory, IndexSnapshots snapshots) {}

  private final AppConfig config;
  private final ResourceIndex index;
  private final CompletableFuture<Optional<IndexSnapshots.ReadAhead>> snapshotReadAhead;
  private final Consumer<Database> onDatabaseOpen;
  private volatile @Nullable Storage storage;
  private volatile @Nullable RuntimeException failure;
  private final AtomicBoolean fhirReady = new AtomicBoolean();
  private volatile @Nullable String loadedFrom;
  private final AtomicReference<@Nullable Harvesting> harvesting = new AtomicReference<>();
  private final AtomicReference<@Nullable ScheduleRefresher> refresher = new AtomicReference<>();
  private final CountDownLatch loaded = new CountDownLatch(1);
  private volatile boolean closed;

  /**
   * @param onDatabaseOpen told once the database is open and migrated, before the stored data loads (the referral
   *     side starts answering from then on)
   */
  DirectoryStartup(AppConfig config, ResourceIndex index, Consumer<Database> onDatabaseOpen) {
    this.config = config;
    this.index = index;
    this.onDatabaseOpen = onDatabaseOpen;
    // Decoding the snapshot takes seconds: overlap it with opening the database, which names the right file.
    this.snapshotReadAhead = IndexSnapshots.readAhead(snapshotDir());
  }

  private Path snapshotDir() {
    return config.dataDir().resolve("snapshots");
  }

  /** The start-up thread's body: open, load, harvest. Never throws; a failure is logged and kept. */
  void run(Listening server) {
    Storage opened;
    try {
      opened = openStorage();
      storage = opened;
      onDatabaseOpen.accept(opened.database());
    } catch (RuntimeException e) {
      failure = e;
      // Not the URL: DATABASE_URL may carry a password.
      log.error("Cannot open the database: the server stops", e);
      loaded.countDown();
      server.stop();
      return;
    }
    try {
      if (closed) {
        return;
      }
      loadStoredData(opened);
      if (closed) {
        return;
      }
      refresher.set(ScheduleRefresher.start(opened.directory(), ScheduleRefresher.PERIOD));
      opened.snapshots().startWriting();
      if (!server.awaitListening() || closed) {
        return;
      }
      Harvesting feeds =
          new Harvesting(
              opened.store(),
              new RpdeClient(
                  Duration.ofSeconds(30),
                  RpdeClient.DEFAULT_MAX_PAGE_BYTES,
                  new ItemLimits(config.feedMaxStringChars(), config.feedMaxItemChars())),
              this::publish,
              new HarvestSettings(
                  config.harvestInterval(), Duration.ofSeconds(2), Duration.ofMinutes(30)),
              Clock.systemUTC(),
              2,
              config.feedHostsAllowed());
      harvesting.set(feeds);
      feeds.start(server.feedSources());
    } catch (RuntimeException e) {
      if (!closed) {
        log.error("Start-up failed: the FHIR API stays unavailable", e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      loaded.countDown();
    }
  }

  /** Opens (and migrates) the database and builds the store, the directory and the snapshots on it. */
  private Storage openStorage() {
    Database database =
        Database.open(
            config.effectiveDatabaseUrl(), config.databaseUser(), config.databasePassword(), null);
    try {
      OpenActiveMapper mapper =
          OpenActiveMapper.withBundledVocabularies(
              new ScheduleWindow(Clock.systemUTC(), config.scheduleWeeks()));
      HarvestStore store = new HarvestStore(database.dataSource(), mapper);
      Directory directory = new Directory(mapper, store, index);
      IndexSnapshots snapshots =
          new IndexSnapshots(
              snapshotDir(), index, store.storeId(), snapshotReadAhead, config.snapshotInterval(), store::version);
      return new Storage(database, store, directory, snapshots);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * Fills the index with the stored data: from the snapshot when it shows the store's current version (the FHIR
   * API is then ready at once, and the directory rebuilds its join graph before harvesting resumes), else by
   * mapping every stored item.
   */
  private void loadStoredData(Storage opened) {
    long began = System.nanoTime();
    Directory directory = opened.directory();
    if (opened.snapshots().restoreIfCurrent(opened.store().version())) {
      loadedFrom = "snapshot";
      fhirReady.set(true);
      log.info(
          "Snapshot restored in {} ms: {} resources; FHIR API ready",
          millisSince(began),
          HealthAssembler.publishedCount(index));
      long rebuilding = System.nanoTime();
      directory.rebuildGraph(indexedSlots());
      // The snapshot's generated sessions may have ended since it was taken.
      directory.refreshGeneratedSessions();
      log.info("Directory graph rebuilt in {} ms; harvesting resumes", millisSince(rebuilding));
      return;
    }
    directory.loadAll();
    loadedFrom = "store";
    fhirReady.set(true);
    log.info(
        "Stored data loaded in {} ms: {} resources; FHIR API ready",
        millisSince(began),
        HealthAssembler.publishedCount(index));
  }

  /** The Slots of the restored index, for the directory's rebuild. */
  private PublishedSlots indexedSlots() {
    return new PublishedSlots() {
      @Override
      public @Nullable SlotTimes find(String slotId) {
        return publishedSlot(slotId);
      }

      @Override
      public Set<String> slotIdsOfSchedule(String scheduleId) {
        return index.query(view -> Set.copyOf(view.slotIdsOfSchedule(scheduleId)));
      }
    };
  }

  /** A Slot of the restored index, for the directory's rebuild (which then need not map its child). */
  private @Nullable SlotTimes publishedSlot(String slotId) {
    Indexed<SlotKeys> slot = index.query(view -> view.slot(slotId));
    String scheduleId = slot == null ? null : slot.keys().scheduleId();
    if (slot == null || scheduleId == null) {
      return null;
    }
    return new SlotTimes(slot.id(), scheduleId, slot.keys().startMillis(), slot.keys().endMillis());
  }

  private static long millisSince(long nanoTime) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
  }

  /** Publishes a stored page; if that fails the index no longer follows the store, so its snapshot goes. */
  private void publish(String feedUrl, AppliedChanges changes, @Nullable String license) {
    Storage opened = Objects.requireNonNull(storage, "harvesting before the database is open");
    try {
      opened.directory().pageApplied(feedUrl, changes, license);
    } catch (RuntimeException e) {
      opened.snapshots().invalidate();
      throw e;
    }
  }

  /** True once the stored data is in the index and the directory answers. */
  boolean fhirReady() {
    return fhirReady.get();
  }

  /** {@code snapshot} or {@code store} once loaded; null before. */
  @Nullable String loadedFrom() {
    return loadedFrom;
  }

  /** The harvesters' states (empty until start-up has loaded the stored data). */
  List<FeedStatus> feedStatuses() {
    Harvesting feeds = harvesting.get();
    return feeds == null ? List.of() : feeds.statuses();
  }

  /** The feeds each dataset site listed that the fetch policy refused, by site URL (empty before harvesting). */
  Map<String, List<FeedStatus.Refused>> discoveryRefusals() {
    Harvesting feeds = harvesting.get();
    return feeds == null ? Map.of() : feeds.discoveryRefusals();
  }

  /** The items of one feed held back from the directory now, per reason. */
  Map<String, Long> skippedItems(String feedUrl) {
    Storage opened = storage;
    return opened == null ? Map.of() : opened.directory().skippedItems(feedUrl);
  }

  /** Waits until start-up has finished (loaded, or failed); false on timeout. */
  boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Why the database could not be opened, if it could not. */
  Optional<RuntimeException> failure() {
    return Optional.ofNullable(failure);
  }

  /** Marks start-up abandoned; the start-up thread stops at its next step. */
  void abandon() {
    closed = true;
  }

  /** Stops harvesting and snapshot writing (the web server should be stopped next, then {@link #closeDatabase()}). */
  void stopHarvesting() {
    Harvesting feeds = harvesting.get();
    if (feeds != null) {
      feeds.close();
    }
    ScheduleRefresher schedules = refresher.get();
    if (schedules != null) {
      schedules.close();
    }
    Storage opened = storage;
    if (opened != null) {
      opened.snapshots().close();
    }
  }

  /** Closes the database, last. */
  void closeDatabase() {
    Storage opened = storage;
    if (opened != null) {
      opened.database().close();
    }
  }
}
