package dev.activityfhir.server.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a {@link DemoDataset} over HTTP: the dataset site at the servlet root ({@code /demo/} when
 * mounted at {@code /demo/*}) and the RPDE 1.0 feeds at {@code feeds/session-series}, {@code
 * feeds/scheduled-sessions} ("modified + id" ordering: {@code afterTimestamp} and {@code afterId}), {@code
 * feeds/facility-uses} and {@code feeds/slots} ("incrementing change number": {@code afterChangeNumber}).
 *
 * <p>Pages hold {@value #PAGE_SIZE} items; {@code next} is absolute, built from the request's scheme, host and
 * port; the last page is empty and its {@code next} is its own URL; {@code Cache-Control} is {@code public,
 * max-age=8} on the last page and {@code public, max-age=3600} on the others, as RPDE recommends.
 */
public final class DemoFeedServlet extends HttpServlet {

  /** Items per page (RPDE suggests 500; the rpde-validator warns below it). */
  public static final int PAGE_SIZE = 500;

  private static final long serialVersionUID = 1L;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory JSON_FACTORY = MAPPER.getFactory();

  private final transient Supplier<DemoDataset> datasets;
  /** Pages already rendered, by URL; null when pages are rendered on every request. */
  private final transient @Nullable Map<String, byte[]> renderedPages;

  /** Serves this one dataset for as long as the servlet lives (tests). */
  public DemoFeedServlet(DemoDataset dataset) {
    this(dataset, false);
  }

  /**
   * Serves this one dataset for as long as the servlet lives.
   *
   * @param keepRenderedPages keep each page once rendered (memory: about the size of the feeds), so that a
   *     harvest benchmark measures the harvester rather than this generator sharing its CPU
   */
  public DemoFeedServlet(DemoDataset dataset, boolean keepRenderedPages) {
    this.datasets = () -> dataset;
    this.renderedPages = keepRenderedPages ? new ConcurrentHashMap<>() : null;
  }

  /**
   * Serves a dataset of {@code size} that moves with the London day of {@code clock}: it is regenerated on
   * the first request of each new day, so the eight weeks of sessions always start tomorrow and every item's
   * {@code modified} grows, which harvesters see as updates.
   */
  public DemoFeedServlet(DemoSize size, Clock clock) {
    this.datasets = new DailyDataset(size, clock);
    this.renderedPages = null;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
    if (path.equals("/") || path.isEmpty()) {
      if (request.getPathInfo() == null && !request.getRequestURI().endsWith("/")) {
        response.sendRedirect(request.getRequestURL() + "/");
        return;
      }
      serveSite(request, response);
      return;
    }
    Optional<DemoFeed> feed =
        path.startsWith("/feeds/") ? DemoFeed.byPath(path.substring("/feeds/".length())) : Optional.empty();
    if (feed.isEmpty()) {
      sendError(response, HttpServletResponse.SC_NOT_FOUND, "No such demo resource: " + path);
      return;
    }
    serveFeed(feed.get(), request, response);
  }

  private void serveSite(HttpServletRequest request, HttpServletResponse response) throws IOException {
    DemoDataset dataset = datasets.get();
    String siteUrl = request.getRequestURL().toString();
    response.setContentType("text/html;charset=utf-8");
    response.setHeader("Cache-Control", "public, max-age=3600");
    response.getWriter().write(DatasetSite.html(siteUrl, dataset.firstDate().minusDays(1)));
  }

  private void serveFeed(DemoFeed feed, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    DemoDataset dataset = datasets.get();
    int start;
    try {
      start = startIndex(feed, dataset, request);
    } catch (IllegalArgumentException e) {
      sendError(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
      return;
    }
    int end = Math.min(dataset.count(feed), start + PAGE_SIZE);
    String feedUrl = request.getRequestURL().toString();
    String query = request.getQueryString();
    String ownUrl = query == null ? feedUrl : feedUrl + "?" + query;
    String next = ownUrl;
    if (end > start) {
      FeedEntry last = dataset.entry(feed, end - 1);
      next = feed.ordering() == DemoFeed.Ordering.MODIFIED_ID
          ? feedUrl + "?afterTimestamp=" + last.modified() + "&afterId=" + encode(last.id())
          : feedUrl + "?afterChangeNumber=" + last.modified();
    }
    byte[] page;
    if (renderedPages != null && end > start) {
      int from = start;
      String pageNext = next;
      page = renderedPages.computeIfAbsent(ownUrl, url -> render(feed, dataset, from, end, pageNext));
    } else {
      page = render(feed, dataset, start, end, next);
    }
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/json;charset=utf-8");
    response.setHeader("Cache-Control", end == start ? "public, max-age=8" : "public, max-age=3600");
    response.setContentLength(page.length);
    response.getOutputStream().write(page);
  }

  /** The RPDE page of items {@code start} (inclusive) to {@code end} (exclusive). */
  private static byte[] render(DemoFeed feed, DemoDataset dataset, int start, int end, String next) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2048 * (end - start) + 256);
    try (JsonGenerator json = JSON_FACTORY.createGenerator(out)) {
      json.setCodec(MAPPER);
      json.writeStartObject();
      json.writeStringField("next", next);
      json.writeArrayFieldStart("items");
      for (int i = start; i < end; i++) {
        writeItem(json, dataset.entry(feed, i));
      }
      json.writeEndArray();
      json.writeStringField("license", DatasetSite.LICENSE);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeItem(JsonGenerator json, FeedEntry entry) throws IOException {
    json.writeStartObject();
    json.writeStringField("state", entry.state());
    json.writeStringField("kind", entry.kind());
    json.writeStringField("id", entry.id());
    json.writeNumberField("modified", entry.modified());
    if (entry.data() != null) {
      json.writeFieldName("data");
      json.writeTree(entry.data());
    }
    json.writeEndObject();
  }

  private static int startIndex(DemoFeed feed, DemoDataset dataset, HttpServletRequest request) {
    if (feed.ordering() == DemoFeed.Ordering.MODIFIED_ID) {
      String timestamp = request.getParameter("afterTimestamp");
      String id = request.getParameter("afterId");
      if (timestamp == null && id == null) {
        return 0;
      }
      if (timestamp == null || id == null) {
        throw new IllegalArgumentException("afterTimestamp and afterId must be given together");
      }
      return dataset.indexAfter(feed, number("afterTimestamp", timestamp), id);
    }
    String changeNumber = request.getParameter("afterChangeNumber");
    return changeNumber == null ? 0 : dataset.indexAfter(feed, number("afterChangeNumber", changeNumber), "");
  }

  private static long number(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, not '" + value + "'", e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static void sendError(HttpServletResponse response, int status, @Nullable String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json;charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    MAPPER.writeValue(response.getOutputStream(),
        MAPPER.createObjectNode().put("error", message == null ? "error" : message));
  }

  /** Regenerates the dataset when the London date changes; generation itself is cheap (nothing is stored). */
  private static final class DailyDataset implements Supplier<DemoDataset> {
    private final DemoSize size;
    private final Clock clock;
    private volatile @Nullable DemoDataset current;

    DailyDataset(DemoSize size, Clock clock) {
      this.size = size;
      this.clock = clock;
    }

    @Override
    public DemoDataset get() {
      LocalDate today = LocalDate.ofInstant(clock.instant(), DemoItems.LONDON);
      DemoDataset dataset = current;
      if (dataset == null || !dataset.firstDate().equals(today.plusDays(1))) {
        dataset = DemoDataset.generate(size, clock.instant());
        current = dataset;
      }
      return dataset;
    }
  }
}
