package dev.activityfhir.server.demo;

import java.net.URI;
import java.time.Clock;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A standalone Jetty on 127.0.0.1 serving only the demo OpenActive feeds at {@code /demo/*}: used by the
 * bench (large dataset) and by the OpenActive validator run.
 *
 * <p>Command line: {@code DemoFeedServer <port> [demo|bench|<number of SessionSeries>] [--keep-pages]}; port 0
 * picks a free port; {@code --keep-pages} keeps each page once rendered (see {@link DemoFeedServlet}). It prints
 * the dataset site URL once started.
 */
public final class DemoFeedServer implements AutoCloseable {

  private final Server server;
  private final int port;

  private DemoFeedServer(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts a server on 127.0.0.1:{@code port} (0 = free port) serving a daily-regenerated dataset. */
  public static DemoFeedServer start(int port, DemoSize size) throws Exception {
    return start(port, new DemoFeedServlet(size, Clock.systemUTC()));
  }

  /** Starts a server on 127.0.0.1:{@code port} (0 = free port) serving this servlet at {@code /demo/*}. */
  public static DemoFeedServer start(int port, DemoFeedServlet servlet) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder("demo", servlet), "/demo/*");
    server.setHandler(context);
    server.start();
    return new DemoFeedServer(server, connector.getLocalPort());
  }

  /** The port taken. */
  public int port() {
    return port;
  }

  /** The dataset site, e.g. {@code http://127.0.0.1:8123/demo/}. */
  public URI datasetSiteUrl() {
    return URI.create("http://127.0.0.1:" + port + "/demo/");
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  /** Runs the feed server until killed; arguments: port and size (see the class comment). */
  public static void main(String[] args) throws Exception {
    boolean keepPages = args.length == 3 && "--keep-pages".equals(args[2]);
    if (args.length < 1 || args.length > 3 || (args.length == 3 && !keepPages)) {
      System.err.println(
          "usage: DemoFeedServer <port> [demo|bench|<number of SessionSeries>] [--keep-pages]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    DemoSize size = args.length >= 2 ? DemoSize.parse(args[1]) : DemoSize.DEMO;
    DemoFeedServer server =
        keepPages
            ? start(port, new DemoFeedServlet(DemoDataset.generate(size, Clock.systemUTC().instant()), true))
            : start(port, size);
    System.out.println("Demo OpenActive feeds (" + size + ") at " + server.datasetSiteUrl());
    server.join();
  }
}
