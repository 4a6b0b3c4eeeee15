package dev.activityfhir.server.web;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.CrossOriginHandler;

/**
 * What every request meets before a servlet: one place for the HTTP surface, so that everything reaching the port
 * answers the same way. No version in any header or page; errors Jetty answers itself are OperationOutcomes under
 * {@code /fhir} ({@link ApiErrorHandler}, {@link ServletErrorHandler}); API requests are checked for syntax
 * ({@link RequestSyntaxFilter}); every response has the {@link SecurityHeaders}; CORS follows a {@link CorsPolicy}.
 */
public final class WebFront {

  /** The servlet path of the FHIR API. */
  public static final String FHIR_PATH = "/fhir/*";

  private WebFront() {}

  /** A connector to {@code host:port} whose responses name no server or version. */
  public static ServerConnector connector(Server server, String host, int port) {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }

  /**
   * Sets {@code context} (serving the FHIR API at {@link #FHIR_PATH}) as the server's handler, behind the checks,
   * error handlers, security headers and CORS.
   */
  public static void install(Server server, ServletContextHandler context, CorsPolicy cors) {
    context.addFilter(
        new FilterHolder(new RequestSyntaxFilter()), FHIR_PATH, EnumSet.of(DispatcherType.REQUEST));
    context.setErrorHandler(new ServletErrorHandler());
    server.setErrorHandler(new ApiErrorHandler());
    CrossOriginHandler crossOrigin = CorsHandlers.of(cors);
    crossOrigin.setHandler(context);
    Handler front = new SecurityHeadersHandler(crossOrigin);
    server.setHandler(front);
  }
}
