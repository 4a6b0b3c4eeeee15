package dev.activityfhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Caches rendered responses (reads, searches and their pages) until the index changes: the same link-worker
 * question or read is answered from the bytes rendered the first time, without parsing or serialising anything.
 * Runs after {@link RequestGuardInterceptor}, so readiness and parameter checks still apply to every request.
 * Conditional requests ({@code If-None-Match}, {@code If-Modified-Since}) bypass the cache and get HAPI's handling.
 * A response is kept from the second time its request is seen ({@link RepeatFilter}), not the first.
 */
@Interceptor
public final class ResponseCacheInterceptor {

  private static final String KEY = ResponseCacheInterceptor.class.getName() + ".key";

  private final ResourceIndex index;
  private final Cache<String, Rendered> cache;
  private final RepeatFilter repeats = new RepeatFilter(16);

  /**
   * @param index the index whose changes invalidate the cache
   * @param maximumBytes how many bytes of rendered responses to keep
   */
  public ResponseCacheInterceptor(ResourceIndex index, long maximumBytes) {
    this.index = index;
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(maximumBytes)
            .weigher((String key, Rendered rendered) -> key.length() * 2 + rendered.body().length + 64)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();
    index.addChangeListener(cache::invalidateAll);
  }

  /** Answers from the cache when it can (returning false stops HAPI), else marks the request for storing. */
  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = 100)
  public boolean answerFromCache(
      RequestDetails request, HttpServletRequest servletRequest, HttpServletResponse servletResponse) {
    String key = keyOf(request, servletRequest);
    if (key == null) {
      return true;
    }
    Rendered rendered = cache.getIfPresent(key);
    if (rendered == null) {
      if (repeats.seenBefore(key)) {
        request.getUserData().put(KEY, key);
      }
      return true;
    }
    servletResponse.setStatus(200);
    servletResponse.setContentType(rendered.contentType());
    if (rendered.etag() != null) {
      servletResponse.setHeader("ETag", rendered.etag());
    }
    if (rendered.lastModified() != null) {
      servletResponse.setHeader("Last-Modified", rendered.lastModified());
    }
    try {
      if (servletResponse instanceof BufferedTextResponse buffered) {
        // Compressed again for a client that accepts gzip: the cache keeps the text, as the client may differ.
        buffered.sendRendered(rendered.body());
      } else {
        servletResponse.setContentLength(rendered.body().length);
        try (OutputStream out = servletResponse.getOutputStream()) {
          out.write(rendered.body());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return false;
  }

  /**
   * Stores a successful response's body, as {@link BufferedTextResponse} sent it (bodies it sent in pieces, over
   * half a megabyte, are not kept).
   */
  @Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
  public void store(ServletRequestDetails request) {
    Object key = request.getUserData().get(KEY);
    HttpServletResponse response = request.getServletResponse();
    byte[] body = response instanceof BufferedTextResponse buffered ? buffered.body() : null;
    if (key instanceof String k
        && body != null
        && response.getStatus() == 200
        && response.getContentType() != null) {
      cache.put(
          k,
          new Rendered(
              response.getContentType(),
              response.getHeader("ETag"),
              response.getHeader("Last-Modified"),
              body));
    }
  }

  private @Nullable String keyOf(RequestDetails request, HttpServletRequest servletRequest) {
    if (request.getRequestType() != RequestTypeEnum.GET
        || servletRequest.getHeader("If-None-Match") != null
        || servletRequest.getHeader("If-Modified-Since") != null) {
      return null;
    }
    String path = request.getRequestPath() == null ? "" : request.getRequestPath();
    boolean page = path.isEmpty() && request.getParameters().containsKey("_getpages");
    String type = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
    if (!page && !ResourceIndex.TYPES.contains(type)) {
      return null;
    }
    // Everything that shapes the response body: index state, URL, and the negotiated format.
    return index.generation()
        + "\n"
        + servletRequest.getRequestURL()
        + "?"
        + servletRequest.getQueryString()
        + "\n"
        + servletRequest.getHeader("Accept");
  }

  private record Rendered(
      String contentType, @Nullable String etag, @Nullable String lastModified, byte[] body) {}
}
