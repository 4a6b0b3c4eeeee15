package dev.activityfhir.server;

import ca.uhn.fhir.context.FhirContext;
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
 * directory that joins harvested items into FHIR resources; and the harvesters. Start-up order: the port opens
 * (health answers), the stored data is loaded into the index (FHIR answers), then harvesting resumes.
 */
public final class Application implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Application.class);

  private static final List<String> PUBLISHED_TYPES =
      List.of("HealthcareService", "Location", "Organization", "Schedule", "Slot");

  private final AppConfig config;
  private final Database database;
  private final HarvestStore store;
  private final ResourceIndex index;
  private final Directory directory;
  private final IndexSnapshots snapshots;
  private final Server jetty = new Server();
  private final AtomicBoolean fhirReady = new AtomicBoolean();
  private volatile @Nullable String loadedFrom;
  private final AtomicReference<@Nullable Harvesting> harvesting = new AtomicReference<>();
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final CountDownLatch listening = new CountDownLatch(1);
  private volatile boolean started;
  private volatile boolean closed;

  private Application(AppConfig config) {
    this.config = config;
    Path snapshotDir = config.dataDir().resolve("snapshots");
    // Decoding the snapshot takes seconds: overlap it with opening the database, which names the right file.
    CompletableFuture<Optional<IndexSnapshots.ReadAhead>> snapshotReadAhead =
        IndexSnapshots.readAhead(snapshotDir);
    if (config.databaseUrl() == null) {
      createDataDir(config);
    }
    this.database =
        Database.open(
            config.effectiveDatabaseUrl(), config.databaseUser(), config.databasePassword(), null);
    OpenActiveMapper mapper = OpenActiveMapper.withBundledVocabularies();
    this.store = new HarvestStore(database.dataSource(), mapper);
    FhirContext fhirContext = FhirContext.forR4Cached();
    this.index = new ResourceIndex(fhirContext);
    this.directory = new Directory(mapper, store, index);
    this.snapshots = new IndexSnapshots(snapshotDir, index, store.storeId(), snapshotReadAhead);
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
   * Opens the port and, at the same time, loads the stored data in the background; harvesting starts once both
   * are done.
   */
  public void start() throws Exception {
    started = true;
    // Loading (a snapshot read, or mapping the store) does not need Jetty: overlap it with Jetty's and HAPI's
    // start-up, which take seconds of their own.
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
    try {
      loadStoredData();
      if (closed) {
        return;
      }
      snapshots.startWriting();
      listening.await(); // the demo feeds are served from this server's own port
      if (closed || !jetty.isStarted()) {
        return;
      }
      Harvesting feeds =
          new Harvesting(
              store,
              RpdeClient.withDefaults(),
              this::publish,
              new HarvestSettings(
                  config.harvestInterval(), Duration.ofSeconds(2), Duration.ofMinutes(30)));
      harvesting.set(feeds);
      feeds.start(feedSources());
    } catch (RuntimeException e) {
      log.error("Start-up failed: the FHIR API stays unavailable", e);
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
  private void loadStoredData() {
    long began = System.nanoTime();
    if (snapshots.restoreIfCurrent(store.version())) {
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
    return new SlotTimes(scheduleId, slot.keys().startMillis(), slot.keys().endMillis());
  }

  private static long millisSince(long nanoTime) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
  }

  /** Publishes a stored page; if that fails the index no longer follows the store, so its snapshot goes. */
  private void publish(String feedUrl, AppliedChanges changes, @Nullable String license) {
    try {
      directory.pageApplied(feedUrl, changes, license);
    } catch (RuntimeException e) {
      snapshots.invalidate();
      throw e;
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
    Map<String, Long> skipped = directory.skippedItems();
    List<HealthReport.Feed> feedReports =
        statuses.stream()
            .map(
                s ->
                    new HealthReport.Feed(
                        s.url(),
                        s.state().label(),
                        s.itemsHeld(),
                        skipped.getOrDefault(s.url(), 0L),
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

  public void join() throws InterruptedException {
    jetty.join();
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
    snapshots.close();
    try {
      jetty.stop();
    } catch (Exception e) {
      log.warn("Jetty did not stop cleanly", e);
    }
    database.close();
  }

  private static void createDataDir(AppConfig config) {
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create DATA_DIR " + config.dataDir(), e);
    }
  }
}
