package dev.activityfhir.server.harvest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An in-process RPDE publisher on 127.0.0.1 and a free port, for tests: feeds paged by modified + id ({@code
 * afterTimestamp}/{@code afterId}) or by change number ({@code afterChangeNumber}) as the RPDE spec shows, with
 * faults that can be switched on per feed, and a static dataset-site page.
 */
final class RpdeFeedServer implements AutoCloseable {

  enum Ordering {
    MODIFIED_ID,
    CHANGE_NUMBER
  }

  enum Fault {
    NONE,
    HTTP_500,
    GONE_404,
    SLOW,
    MALFORMED_JSON,
    SELF_LOOP_WITH_ITEMS,
    OVERSIZED,
    /** Each page carries, first, an item without an id. */
    MALFORMED_ITEM,
    /** Pages after the first point back at the first page. */
    CYCLE
  }

  private record Entry(String id, long modified, String state, ObjectNode data) {}

  private static final class Feed {
    final Ordering ordering;
    final int pageSize;
    final Map<String, Entry> entries = new HashMap<>();
    /** Entries in feed order, rebuilt after a change. */
    List<Entry> sorted = List.of();
    boolean changed;
    volatile Fault fault = Fault.NONE;

    Feed(Ordering ordering, int pageSize) {
      this.ordering = ordering;
      this.pageSize = pageSize;
    }
  }

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Feed> feeds = new HashMap<>();
  private final Map<String, String> sites = new HashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private long clock = 1_000;

  RpdeFeedServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Adds a feed; returns its base URL. */
  synchronized String addFeed(String name, Ordering ordering, int pageSize) {
    feeds.put(name, new Feed(ordering, pageSize));
    return base() + "/feeds/" + name;
  }

  /** Serves {@code html} at {@code /sites/name} (null: 404); returns its URL. */
  synchronized String addSite(String name, @Nullable String html) {
    if (html == null) {
      sites.remove(name);
    } else {
      sites.put(name, html);
    }
    return base() + "/sites/" + name;
  }

  /** Publishes (or republishes) an item with a new, higher modified value. */
  synchronized void upsert(String feed, String id, ObjectNode data) {
    Feed target = feeds.get(feed);
    target.entries.put(id, new Entry(id, ++clock, "updated", data));
    target.changed = true;
  }

  synchronized void delete(String feed, String id) {
    Feed target = feeds.get(feed);
    target.entries.put(id, new Entry(id, ++clock, "deleted", json.createObjectNode()));
    target.changed = true;
  }

  void fault(String feed, Fault fault) {
    feeds.get(feed).fault = fault;
  }

  /** Every request path and query received, in order. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  void clearRequests() {
    requests.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getRawQuery();
      requests.add(query == null ? path : path + "?" + query);
      if (path.startsWith("/sites/")) {
        String html;
        synchronized (this) {
          html = sites.get(path.substring("/sites/".length()));
        }
        respond(exchange, html == null ? 404 : 200, "text/html; charset=utf-8", html == null ? "" : html);
        return;
      }
      Feed feed;
      synchronized (this) {
        feed = path.startsWith("/feeds/") ? feeds.get(path.substring("/feeds/".length())) : null;
      }
      if (feed == null) {
        respond(exchange, 404, "text/plain", "no such feed");
        return;
      }
      String self = base() + (query == null ? path : path + "?" + query);
      switch (feed.fault) {
        case HTTP_500 -> respond(exchange, 500, "text/plain", "boom");
        case GONE_404 -> respond(exchange, 404, "text/plain", "gone");
        case SLOW -> {
          awaitRelease();
          respond(exchange, 200, "application/json", page(feed, self, base() + path, query));
        }
        case MALFORMED_JSON -> respond(exchange, 200, "application/json", "{\"next\": \"x\", \"items\": [");
        case OVERSIZED -> {
          String body = page(feed, self, base() + path, query);
          respond(exchange, 200, "application/json", body + " ".repeat(300_000));
        }
        case SELF_LOOP_WITH_ITEMS -> respond(exchange, 200, "application/json", selfLoop(feed, self));
        case MALFORMED_ITEM -> {
          ObjectNode page = (ObjectNode) json.readTree(page(feed, self, base() + path, query));
          ((ArrayNode) page.get("items")).insertObject(0).put("state", "updated").put("modified", 1);
          respond(exchange, 200, "application/json", json.writeValueAsString(page));
        }
        case CYCLE -> {
          if (query == null) {
            respond(exchange, 200, "application/json", page(feed, self, base() + path, null));
          } else {
            respond(exchange, 200, "application/json", selfLoop(feed, base() + path));
          }
        }
        default -> respond(exchange, 200, "application/json", page(feed, self, base() + path, query));
      }
    }
  }

  private void awaitRelease() {
    try {
      release.await(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized String selfLoop(Feed feed, String next) throws IOException {
    ObjectNode page = json.createObjectNode();
    page.put("next", next);
    ArrayNode items = page.putArray("items");
    feed.entries.values().stream()
        .sorted(Comparator.comparing(Entry::id))
        .limit(2)
        .forEach(entry -> items.add(item(entry)));
    page.put("license", "https://creativecommons.org/licenses/by/4.0/");
    return json.writeValueAsString(page);
  }

  private synchronized String page(Feed feed, String self, String feedBase, String query)
      throws IOException {
    Map<String, String> params = params(query);
    if (feed.changed) {
      List<Entry> sorted = new ArrayList<>(feed.entries.values());
      // One global clock provides both the modified timestamp and the change number.
      sorted.sort(Comparator.comparingLong(Entry::modified).thenComparing(Entry::id));
      feed.sorted = sorted;
      feed.changed = false;
    }
    List<Entry> sorted = feed.sorted;
    List<Entry> selected = new ArrayList<>();
    for (Entry entry : sorted) {
      boolean after;
      if (feed.ordering == Ordering.CHANGE_NUMBER) {
        after = entry.modified() > Long.parseLong(params.getOrDefault("afterChangeNumber", "-1"));
      } else if (params.containsKey("afterTimestamp")) {
        long timestamp = Long.parseLong(params.get("afterTimestamp"));
        String afterId = params.getOrDefault("afterId", "");
        after =
            entry.modified() > timestamp
                || (entry.modified() == timestamp && entry.id().compareTo(afterId) > 0);
      } else {
        after = true;
      }
      if (after) {
        selected.add(entry);
        if (selected.size() == feed.pageSize) {
          break;
        }
      }
    }
    ObjectNode page = json.createObjectNode();
    if (selected.isEmpty()) {
      page.put("next", self);
    } else {
      Entry last = selected.get(selected.size() - 1);
      page.put(
          "next",
          feed.ordering == Ordering.CHANGE_NUMBER
              ? feedBase + "?afterChangeNumber=" + last.modified()
              : feedBase + "?afterTimestamp=" + last.modified() + "&afterId=" + last.id());
    }
    ArrayNode items = page.putArray("items");
    selected.forEach(entry -> items.add(item(entry)));
    page.put("license", "https://creativecommons.org/licenses/by/4.0/");
    return json.writeValueAsString(page);
  }

  private ObjectNode item(Entry entry) {
    ObjectNode item = json.createObjectNode();
    item.put("state", entry.state());
    item.put("kind", "SessionSeries");
    item.put("id", entry.id());
    item.put("modified", entry.modified());
    if (entry.state().equals("updated")) {
      item.set("data", entry.data());
    }
    return item;
  }

  private static Map<String, String> params(String query) {
    Map<String, String> params = new TreeMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(
              pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return params;
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      } catch (IOException e) {
        // The client gave up (timeout, size limit): nothing to do.
      }
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
