package dev.activityfhir.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import dev.activityfhir.conformance.ConformanceResources;
import dev.activityfhir.server.directory.ResourceSink;
import dev.activityfhir.server.fhir.bulk.BulkPublishServlet;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.search.PostcodeDistricts;
import dev.activityfhir.server.web.CorsPolicy;
import dev.activityfhir.server.web.FhirPackageServlet;
import dev.activityfhir.server.web.WebFront;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the {@link DirectoryRestfulServer} at {@code /fhir} behind the application's {@link WebFront} in an
 * embedded Jetty on 127.0.0.1 and a free port, over
 * a fresh {@link ResourceIndex} filled by the given loader, and hands tests the base URL, a REST Assured spec and
 * a HAPI generic client. Register it as a static field with {@code @RegisterExtension}.
 */
public final class FhirServerExtension implements BeforeAllCallback, AfterAllCallback {

  private final Consumer<ResourceSink> loader;
  private final AtomicBoolean ready = new AtomicBoolean(true);
  private ResourceIndex index;
  private Server server;
  private String baseUrl;

  /** A server whose index the loader fills before the first test. */
  public FhirServerExtension(Consumer<ResourceSink> loader) {
    this.loader = loader;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    index = new ResourceIndex(FhirContext.forR4Cached());
    loader.accept(index);
    DirectoryRestfulServer servlet =
        new DirectoryRestfulServer(
            index, DirectoryFixtures.HIERARCHY, PostcodeDistricts.bundled(), ready::get, Clock.systemUTC(),
            List.of(DirectoryFixtures.activityCodeSystem()));
    server = new Server();
    ServerConnector connector = WebFront.connector(server, "127.0.0.1", 0);
    server.addConnector(connector);
    ServletContextHandler handler = new ServletContextHandler();
    handler.setContextPath("/");
    handler.addServlet(new ServletHolder(servlet), WebFront.FHIR_PATH);
    handler.addServlet(
        new ServletHolder(new FhirPackageServlet(ConformanceResources.bundled())), "/fhir/package.tgz");
    handler.addServlet(
        new ServletHolder(new BulkPublishServlet(index, ready::get)), BulkPublishServlet.PATH_SPEC);
    WebFront.install(server, handler, CorsPolicy.readOnly(List.of("*")));
    server.start();
    baseUrl = "http://127.0.0.1:" + connector.getLocalPort() + "/fhir";
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    server.stop();
  }

  /** The FHIR base URL, e.g. {@code http://127.0.0.1:41234/fhir}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** A REST Assured spec with the base URI set to {@link #baseUrl()}. */
  public RequestSpecification spec() {
    return new RequestSpecBuilder().setBaseUri(baseUrl).build();
  }

  /** A HAPI generic client for the server (no conformance check before each call). */
  public IGenericClient client() {
    FhirContext context = FhirContext.forR4Cached();
    context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    return context.newRestfulGenericClient(baseUrl);
  }

  /** The index behind the server, to apply changes during a test. */
  public ResourceIndex index() {
    return index;
  }

  /** Sets whether the server reports itself ready (503 before). */
  public void setReady(boolean value) {
    ready.set(value);
  }
}
