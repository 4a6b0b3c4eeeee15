package dev.activityfhir.server;

import ca.uhn.fhir.context.FhirContext;
import dev.activityfhir.conformance.ConformanceResources;
import dev.activityfhir.mapping.AccessibilitySupportList;
import dev.activityfhir.mapping.ActivityList;
import dev.activityfhir.conformance.FhirValidation;
import dev.activityfhir.server.auth.AuthComponents;
import dev.activityfhir.server.auth.Authenticator;
import dev.activityfhir.server.config.AppConfig;
import dev.activityfhir.server.demo.DemoFeedServlet;
import dev.activityfhir.server.demo.DemoSize;
import dev.activityfhir.server.fhir.DirectoryRestfulServer;
import dev.activityfhir.server.fhir.bulk.BulkPublishServlet;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.search.PostcodeDistricts;
import dev.activityfhir.server.harvest.FeedStatus;
import dev.activityfhir.server.referral.BusinessStatus;
import dev.activityfhir.server.referral.HapiStructureValidator;
import dev.activityfhir.server.referral.ReferralService;
import dev.activityfhir.server.referral.web.ReferralCapabilities;
import dev.activityfhir.server.referral.web.ReferralEndpoint;
import dev.activityfhir.server.referral.web.ReferralRestfulServer;
import dev.activityfhir.server.store.Database;
import dev.activityfhir.server.web.FhirPackageServlet;
import dev.activityfhir.server.web.FhirRouterServlet;
import dev.activityfhir.server.web.HealthServlet;
import dev.activityfhir.server.web.WebAssets;
import dev.activityfhir.server.web.WebPageServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: Jetty with {@code /fhir}, {@code /health} and (for the demo) {@code /demo}; the directory
 * start-up (database, stored data, harvesting). Start-up runs on two threads: the main thread starts Jetty and HAPI
 * (the port opens, health answers) while the start-up thread opens the database and loads the stored data into the
 * index (FHIR answers); harvesting resumes once both are done.
 *
 * <p>Where things go: servlets in {@link #mountServlets}, HAPI interceptors and providers in the servlet they
 * belong to, anything needing the database in {@link #databaseOpened}.
 */
public final class Application implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Application.class);

  private final AppConfig config;
  private final ResourceIndex index;
  private final WebServer web;
  private final DirectoryStartup startup;
  private final AuthComponents auth;
  private final ReferralEndpoint referrals;
  private volatile boolean started;
  private volatile boolean closed;

  /**
   * @param authenticator the referral side's token validation; null for the configured one ({@link AuthComponents})
   */
  private Application(AppConfig config, @Nullable Authenticator authenticator) {
    this.config = config;
    if (config.databaseUrl() == null) {
      createDataDir(config);
    }
    FhirContext fhir = FhirContext.forR4Cached();
    // The resources here name each other by id only, so HAPI's search of every resource it encodes for reference
    // targets to contain finds nothing, and it costs about a third of encoding (millions while harvesting).
    fhir.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
    this.index = new ResourceIndex(fhir);
    this.web = new WebServer(config);
    this.auth = AuthComponents.fromConfig(config, this::port, Clock.systemUTC());
    this.referrals =
        new ReferralEndpoint(
            authenticator != null ? authenticator : auth.authenticator(), config.maxRequestBodyBytes());
    this.startup = new DirectoryStartup(config, index, this::databaseOpened);
  }

  /** Builds the server, validating tokens as configured; nothing listens until {@link #start()}. */
  public static Application newServer(AppConfig config) {
    return new Application(config, null);
  }

  /** Builds the server with the given token validation for the referral side (embedding, tests). */
  public static Application newServer(AppConfig config, Authenticator authenticator) {
    return new Application(config, authenticator);
  }

  /** The servlets (HAPI's server among them, the slowest part of start-up). */
  private void mountServlets() {
    ActivityList activities = ActivityList.bundled();
    DirectoryRestfulServer fhir =
        new DirectoryRestfulServer(
            index,
            activities::selfAndDescendants,
            PostcodeDistricts.bundled(),
            startup::fhirReady,
            Clock.systemUTC(),
            List.of(
                (CodeSystem) activities.toCodeSystem().setId("activity-list"),
                (CodeSystem) AccessibilitySupportList.bundled().toCodeSystem().setId("accessibility-support"),
                BusinessStatus.codeSystem()));
    // The directory's server answers /fhir/metadata: the referral side adds its types and security there.
    fhir.registerInterceptor(
        new ReferralCapabilities(
            auth.urls()::tokenEndpoint,
            auth.authorizationServer() != null ? auth.urls()::authorizationEndpoint : null));
    FhirRouterServlet router =
        new FhirRouterServlet(
            fhir, referrals.servlet(), ReferralEndpoint.ROUTED_TYPES, ReferralRestfulServer::ownsSearch);
    web.mount("fhir", router, "/fhir/*", true);
    web.mount(
        "bulk-publish", new BulkPublishServlet(index, startup::fhirReady), BulkPublishServlet.PATH_SPEC, false);
    auth.servlets().forEach((path, servlet) -> web.mount(path, servlet, path, false));
    web.mount("health", new HealthServlet(new HealthAssembler(startup, index)::report), "/health", false);
    web.mount(
        "fhir-package", new FhirPackageServlet(ConformanceResources.bundled()), "/fhir/package.tgz", false);
    if (config.usesDemoFeeds()) {
      web.mount("demo", new DemoFeedServlet(DemoSize.DEMO, Clock.systemUTC()), "/demo/*", false);
    }
    web.mount(
        "web",
        new WebPageServlet(
            WebAssets.fromClasspath("web"),
            config.mapTileUrl(),
            new WebPageServlet.SignIn(
                auth.urls().finderIssuer(), config.signIn().finderClientId(), config.signIn().finderScope())),
        "/",
        false);
  }

  /** Called on the start-up thread once the database is open and migrated. */
  private void databaseOpened(Database database) {
    auth.rememberAssertionsIn(database.dataSource());
    // The validator takes seconds to load: on a thread of its own, so that the directory's loading does not wait.
    Thread opening =
        new Thread(
            () -> {
              HapiStructureValidator validator = new HapiStructureValidator(FhirValidation.published());
              // The first validation of each type loads its definitions: at start-up, not on a referral.
              for (Resource sample : List.of(new Patient(), new Consent(), new ServiceRequest(), new Task())) {
                validator.errors(sample);
              }
              referrals.open(database.dataSource(), new IndexDirectoryLookup(index), validator, Clock.systemUTC());
              log.info("Referral side ready");
            },
            "referral-startup");
    opening.setDaemon(true);
    opening.start();
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
    Thread loader = new Thread(() -> startup.run(listening()), "startup");
    loader.setDaemon(true);
    loader.start();
    mountServlets();
    web.start();
    log.info("Listening on port {}: FHIR base {}/fhir", port(), baseUrl());
  }

  private DirectoryStartup.Listening listening() {
    return new DirectoryStartup.Listening() {
      @Override
      public boolean awaitListening() throws InterruptedException {
        return web.awaitListening();
      }

      @Override
      public void stop() {
        web.stop();
      }

      @Override
      public List<String> feedSources() {
        if (config.usesDemoFeeds()) {
          return List.of("http://127.0.0.1:" + port() + "/demo/");
        }
        return config.feeds().stream().map(URI::toString).toList();
      }
    };
  }

  /** The port taken (useful with {@code PORT=0}). */
  public int port() {
    return web.port();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI baseUrl() {
    return web.baseUrl();
  }

  /** Waits until the stored data is loaded and the FHIR API answers; false on timeout. */
  public boolean awaitFhirReady(Duration timeout) throws InterruptedException {
    return startup.awaitLoaded(timeout) && startup.fhirReady();
  }

  /** The harvesters' states (empty until start-up has loaded the stored data). */
  public List<FeedStatus> feedStatuses() {
    return startup.feedStatuses();
  }

  /** Waits until the server stops: on {@link #close()}, or at start-up when the database cannot be opened. */
  public void join() throws InterruptedException {
    web.join();
  }

  /** Why start-up failed (the database could not be opened), if it did. */
  public Optional<RuntimeException> startupFailure() {
    return startup.failure();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    startup.abandon();
    try {
      if (started) {
        startup.awaitLoaded(Duration.ofSeconds(30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    startup.stopHarvesting();
    web.stopNow();
    startup.closeDatabase();
  }

  private static void createDataDir(AppConfig config) {
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create DATA_DIR " + config.dataDir(), e);
    }
  }
}
