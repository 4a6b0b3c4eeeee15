package dev.activityfhir.server;

import ca.uhn.fhir.context.FhirContext;
import dev.activityfhir.conformance.ConformanceResources;
import dev.activityfhir.mapping.ActivityList;
import dev.activityfhir.mapping.OpenActiveMapper;
import dev.activityfhir.server.config.AppConfig;
import dev.activityfhir.server.demo.DemoFeedServlet;
import dev.activityfhir.server.demo.DemoSize;
import dev.activityfhir.server.directory.Directory;
import dev.activityfhir.server.directory.PublishedSlots.SlotTimes;
import dev.activityfhir.server.fhir.DirectoryRestfulServer;
import dev.activityfhir.server.fhir.index.Indexed;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.index.SlotKeys;
import dev.activityfhir.server.fhir.search.PostcodeDistricts;
import dev.activityfhir.server.harvest.FeedStatus;
import dev.activityfhir.server.harvest.HarvestSettings;
import dev.activityfhir.server.harvest.Harvesting;
import dev.activityfhir.server.harvest.RpdeClient;
import dev.activityfhir.server.store.AppliedChanges;
import dev.activityfhir.server.store.Database;
import dev.activityfhir.server.store.HarvestStore;
import dev.activityfhir.server.web.CorsHandlers;
import dev.activityfhir.server.web.HealthReport;
import dev.activityfhir.server.web.FhirPackageServlet;
import dev.activityfhir.server.web.HealthServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.hl7.fhir.r4.model.CodeSystem;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: Jetty with {@code /fhir}, {@code /health} and (for the demo) {@code /demo}; the store; the
 * directory that joins harvested items into FHIR resources; and the harvesters. Start-up runs on two threads: the
 * main thread starts Jetty and HAPI (the port opens, health answers) while the start-up thread opens the database
 * and loads the stored data into the index (FHIR answers); harvesting resumes once both are done.
 */
public final class Application implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Application.class);

  private static final List<String> PUBLISHED_TYPES =
      List.of("HealthcareService", "Location", "Organization", "Schedule", "Slot");

  private final AppConfig config;
  private final ResourceIndex index;
  private final CompletableFuture<Optional<IndexSnapshots.ReadAhead>> snapshotReadAhead;
  private final Server jetty = new Server();
  /** Set by the start-up thread once the database is open. */
  private volatile @Nullable Storage storage;
  private volatile @Nullable RuntimeException startupFailure;
  private final AtomicBoolean fhirReady = new AtomicBoolean();
  private volatile @Nullable String loadedFrom;
  private final AtomicReference<@Nullable Harvesting> harvesting = new AtomicReference<>();
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final CountDownLatch listening = new CountDownLatch(1);
  private volatile boolean started;
  private volatile boolean closed;

  /** The database and what is built on it. */
  private record Storage(
      Database database, HarvestStore store, Directory directory, IndexSnapshots snapshots) {}

  private Application(AppConfig config) {
    this.config = config;
    if (config.databaseUrl() == null) {
      createDataDir(config);
    }
    // Decoding the snapshot takes seconds: overlap it with opening the database, which names the right file.
    this.snapshotReadAhead = IndexSnapshots.readAhead(snapshotDir());
    FhirContext fhir = FhirContext.forR4Cached();
    // The resources here name each other by id only, so HAPI's search of every resource it encodes for reference
    // targets to contain finds nothing, and it costs about a third of encoding (millions while harvesting).
    fhir.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
    this.index = new ResourceIndex(fhir);
  }

  private Path snapshotDir() {
    return config.dataDir().resolve("snapshots");
  }

  /** Opens (and migrates) the database and builds the store, the directory and the snapshots on it. */
  private Storage openStorage() {
    Database database =
        Database.open(
            config.effectiveDatabaseUrl(), config.databaseUser(), config.databasePassword(), null);
    try {
      OpenActiveMapper mapper = OpenActiveMapper.withBundledVocabularies();
      HarvestStore store = new HarvestStore(database.dataSource(), mapper);
      Directory directory = new Directory(mapper, store, index);
      IndexSnapshots snapshots = new IndexSnapshots(snapshotDir(), index, store.storeId(), snapshotReadAhead);
      return new Storage(database, store, directory, snapshots);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** Builds the server; nothing listens until {@link #start()}. */
  public static Application newServer(AppConfig config) {
    return new Application(config);
  }

  /** Sets up the connector and the handlers (HAPI's server among them, the slowest part of start-up). */
  private void configureJetty(Server server) {
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(config.bindAddress());
    connector.setPort(config.port());
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ActivityList activities = ActivityList.bundled();
    DirectoryRestfulServer fhir =
        new DirectoryRestfulServer(
            index,
            activities::selfAndDescendants,
            PostcodeDistricts.bundled(),
            fhirReady::get,
            Clock.systemUTC(),
            List.of((CodeSystem) activities.toCodeSystem().setId("activity-list")));
    ServletHolder fhirHolder = new ServletHolder("fhir", fhir);
    fhirHolder.setInitOrder(0); // initialise HAPI while Jetty starts, not on the first request
    context.addServlet(fhirHolder, "/fhir/*");
    context.addServlet(new ServletHolder("health", new HealthServlet(this::health)), "/health");
    context.addServlet(
        new ServletHolder("fhir-package", new FhirPackageServlet(ConformanceResources.bundled())),
        "/fhir/package.tgz");
    if (config.usesDemoFeeds()) {
      context.addServlet(
          new ServletHolder("demo", new DemoFeedServlet(DemoSize.DEMO, Clock.systemUTC())), "/demo/*");
    }
    CrossOriginHandler cors = CorsHandlers.forOrigins(config.corsAllowedOrigins());
    cors.setHandler(context);
    server.setHandler(cors);
    server.setStopAtShutdown(false);
  }

  /**
   * Opens the port and, at the same time, opens the database and loads the stored data in the background;
   * harvesting starts once both are done. If the database cannot be opened, the server stops: {@link #join()}
   * returns and {@link #startupFailure()} says why.
   */
  public void start() throws Exception {
    started = true;
    // Opening the database and loading (a snapshot read, or mapping the store) do not need Jetty: overlap them
    // with Jetty's and HAPI's start-up, which take seconds of their own.
    Thread loader = new Thread(this::loadThenHarvest, "startup");
    loader.setDaemon(true);
    loader.start();
    try {
      configureJetty(jetty);
      jetty.start();
    } finally {
      listening.countDown();
    }
    log.info("Listening on port {}: FHIR base {}/fhir", port(), baseUrl());
  }

  private void loadThenHarvest() {
    Storage opened;
    try {
      opened = openStorage();
      storage = opened;
    } catch (RuntimeException e) {
      startupFailure = e;
      // Not the URL: DATABASE_URL may carry a password.
      log.error("Cannot open the database: the server stops", e);
      loaded.countDown();
      stopJettyOnceListening();
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
      opened.snapshots().startWriting();
      listening.await(); // the demo feeds are served from this server's own port
      if (closed || !jetty.isStarted()) {
        return;
      }
      Harvesting feeds =
          new Harvesting(
              opened.store(),
              RpdeClient.withDefaults(),
              this::publish,
              new HarvestSettings(
                  config.harvestInterval(), Duration.ofSeconds(2), Duration.ofMinutes(30)));
      harvesting.set(feeds);
      feeds.start(feedSources());
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
          "Snapshot restored in {} ms: {} resources; FHIR API ready", millisSince(began), publishedCount());
      long rebuilding = System.nanoTime();
      directory.rebuildGraph(this::publishedSlot);
      log.info("Directory graph rebuilt in {} ms; harvesting resumes", millisSince(rebuilding));
      return;
    }
    directory.loadAll();
    loadedFrom = "store";
    fhirReady.set(true);
    log.info(
        "Stored data loaded in {} ms: {} resources; FHIR API ready", millisSince(began), publishedCount());
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

  private void stopJettyOnceListening() {
    try {
      listening.await();
      jetty.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("Jetty did not stop cleanly", e);
    }
  }

  private List<String> feedSources() {
    if (config.usesDemoFeeds()) {
      return List.of("http://127.0.0.1:" + port() + "/demo/");
    }
    return config.feeds().stream().map(URI::toString).toList();
  }

  private HealthReport health() {
    Harvesting feeds = harvesting.get();
    List<FeedStatus> statuses = feeds == null ? List.of() : feeds.statuses();
    Storage opened = storage;
    Map<String, Long> skipped = opened == null ? Map.of() : opened.directory().skippedItems();
    List<HealthReport.Feed> feedReports =
        statuses.stream()
            .map(
                s ->
                    new HealthReport.Feed(
                        s.url(),
                        s.state().label(),
                        s.itemsHeld(),
                        skipped.getOrDefault(s.url(), 0L) + s.malformedItems(),
                        s.lastSuccess(),
                        s.lastError()))
            .toList();
    String status;
    if (!fhirReady.get()) {
      status = "starting";
    } else if (statuses.stream().anyMatch(s -> s.state() == FeedStatus.State.FAILING)) {
      status = "degraded";
    } else {
      status = "ok";
    }
    return new HealthReport(status, fhirReady.get(), loadedFrom, publishedCount(), feedReports);
  }

  private long publishedCount() {
    return PUBLISHED_TYPES.stream().mapToLong(index::size).sum();
  }

  /** The port taken (useful with {@code PORT=0}). */
  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Waits until the stored data is loaded and the FHIR API answers; false on timeout. */
  public boolean awaitFhirReady(Duration timeout) throws InterruptedException {
    return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && fhirReady.get();
  }

  /** The harvesters' states (empty until start-up has loaded the stored data). */
  public List<FeedStatus> feedStatuses() {
    Harvesting feeds = harvesting.get();
    return feeds == null ? List.of() : feeds.statuses();
  }

  /** Waits until the server stops: on {@link #close()}, or at start-up when the database cannot be opened. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  /** Why start-up failed (the database could not be opened), if it did. */
  public Optional<RuntimeException> startupFailure() {
    return Optional.ofNullable(startupFailure);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (started) {
        loaded.await(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Harvesting feeds = harvesting.get();
    if (feeds != null) {
      feeds.close();
    }
    Storage opened = storage;
    if (opened != null) {
      opened.snapshots().close();
    }
    try {
      jetty.stop();
    } catch (Exception e) {
      log.warn("Jetty did not stop cleanly", e);
    }
    if (opened != null) {
      opened.database().close();
    }
  }

  private static void createDataDir(AppConfig config) {
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create DATA_DIR " + config.dataDir(), e);
    }
  }
}
