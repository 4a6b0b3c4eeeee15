package dev.activityfhir.server;

import dev.activityfhir.server.config.AppConfig;
import dev.activityfhir.server.web.CorsPolicy;
import dev.activityfhir.server.web.WebFront;
import jakarta.servlet.Servlet;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty: one connector on {@code BIND_ADDRESS:PORT}, one servlet context at {@code /} behind the {@link WebFront}
 * (request checks, error handlers, security headers, CORS).
 * The composition root mounts servlets with {@link #mount} before {@link #start()}; Jetty-level handlers wrap the
 * context in {@link #start()}.
 */
final class WebServer {

  private static final Logger log = LoggerFactory.getLogger(WebServer.class);

  private final AppConfig config;
  private final Server jetty = new Server();
  private final ServletContextHandler context = new ServletContextHandler();
  private final CountDownLatch listening = new CountDownLatch(1);

  WebServer(AppConfig config) {
    this.config = config;
    context.setContextPath("/");
  }

  /**
   * Mounts a servlet at a path spec such as {@code /fhir/*}.
   *
   * @param initOnStart initialise it while Jetty starts rather than on its first request (HAPI's servers)
   */
  void mount(String name, Servlet servlet, String pathSpec, boolean initOnStart) {
    ServletHolder holder = new ServletHolder(name, servlet);
    if (initOnStart) {
      holder.setInitOrder(0);
    }
    context.addServlet(holder, pathSpec);
  }

  /** Opens the port; the latch behind {@link #awaitListening()} opens whether or not this succeeds. */
  void start() throws Exception {
    try {
      jetty.addConnector(WebFront.connector(jetty, config.bindAddress(), config.port()));
      WebFront.install(
          jetty,
          context,
          new CorsPolicy(config.corsAllowedOrigins(), config.corsAllowedMethods(), config.corsAllowedHeaders()));
      jetty.setStopAtShutdown(false);
      jetty.start();
    } finally {
      listening.countDown();
    }
  }

  /** Waits until {@link #start()} has returned; true when Jetty is then running. */
  boolean awaitListening() throws InterruptedException {
    listening.await();
    return jetty.isStarted();
  }

  /** Stops Jetty once it has started (or failed to); logs rather than throws. */
  void stop() {
    try {
      listening.await();
      jetty.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("Jetty did not stop cleanly", e);
    }
  }

  /** Stops Jetty now, whether or not it has finished starting. */
  void stopNow() {
    try {
      jetty.stop();
    } catch (Exception e) {
      log.warn("Jetty did not stop cleanly", e);
    }
  }

  void join() throws InterruptedException {
    jetty.join();
  }

  /** The port taken (useful with {@code PORT=0}). */
  int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** {@code http://127.0.0.1:<port>}. */
  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port());
  }
}
