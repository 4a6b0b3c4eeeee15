package dev.activityfhir.server.harvest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted, fault-injecting HTTP publisher for tests, on a loopback address of the test's choosing and a free
 * port: each path answers what the test set last (a page, any status and body, or a redirect), and every request
 * is recorded. Bound to 127.0.0.2 it stands in for a private host the harvester must never reach; its request
 * list proves nothing reached it.
 */
final class FaultFeedServer implements AutoCloseable {

  /** One scripted answer. */
  record Answer(int status, String contentType, String body, Map<String, String> headers) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final String address;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  /** A server on {@code address} (a loopback address such as 127.0.0.1 or 127.0.0.2) and a free port. */
  FaultFeedServer(String address) throws IOException {
    this.address = address;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://<address>:<port>}. */
  String base() {
    return "http://" + address + ":" + server.getAddress().getPort();
  }

  /** Answers {@code path} (with its query, if any) with 200 and {@code json}. */
  void json(String path, String json) {
    answer(path, 200, "application/json", json);
  }

  /** Answers {@code path} with 200 and an HTML page. */
  void html(String path, String html) {
    answer(path, 200, "text/html; charset=utf-8", html);
  }

  void answer(String path, int status, String contentType, String body) {
    answers.put(path, new Answer(status, contentType, body, Map.of()));
  }

  /** Answers {@code path} with a 302 to {@code location}. */
  void redirect(String path, String location) {
    answers.put(path, new Answer(302, "text/plain", "moved", Map.of("Location", location)));
  }

  /** Every request's path and query, in order. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  /** An RPDE page body: {@code items} (JSON objects, already written) and {@code next}. */
  static String page(String next, String... items) {
    return "{\"next\":\"" + next + "\",\"items\":[" + String.join(",", items) + "],\"license\":"
        + "\"https://creativecommons.org/licenses/by/4.0/\"}";
  }

  /** An updated RPDE item of {@code data}. */
  static String item(String id, long modified, String data) {
    return "{\"id\":\"" + id + "\",\"state\":\"updated\",\"kind\":\"SessionSeries\",\"modified\":" + modified
        + ",\"data\":" + data + "}";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      String key = query == null ? path : path + "?" + query;
      requests.add(key);
      Answer answer = answers.get(key);
      if (answer == null) {
        answer = new Answer(404, "text/plain", "not here", Map.of());
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", answer.contentType());
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
