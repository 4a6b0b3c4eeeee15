package dev.activityfhir.server.web;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.handler.CrossOriginHandler;

/**
 * Builds Jetty's CORS handler for browser clients (HAPI's own CorsInterceptor needs Spring) from a {@link
 * CorsPolicy}. Credentials are never allowed cross-origin; the origin {@code null} (sandboxed frames, files) is
 * never allowed, even with {@code *}; only the headers a client needs to page and cache are exposed.
 */
public final class CorsHandlers {

  /** Response headers a browser client may read besides the CORS-safelisted ones. */
  public static final Set<String> EXPOSED_HEADERS = Set.of("ETag", "Location", "Content-Location", "Last-Modified");

  /** {@code *}: any origin of the web, {@code scheme://host[:port]}; not {@code null} nor {@code file:}. */
  private static final String ANY_WEB_ORIGIN = "https?://[^/\\s]+";

  private CorsHandlers() {}

  /** A handler applying {@code policy}. */
  public static CrossOriginHandler of(CorsPolicy policy) {
    CrossOriginHandler cors = new CrossOriginHandler();
    cors.setAllowedOriginPatterns(
        policy.origins().stream().map(CorsHandlers::originPattern).collect(Collectors.toSet()));
    cors.setAllowedMethods(new HashSet<>(policy.methods()));
    cors.setAllowedHeaders(new HashSet<>(policy.headers()));
    cors.setExposedHeaders(EXPOSED_HEADERS);
    cors.setAllowCredentials(false);
    cors.setPreflightMaxAge(Duration.ofHours(1));
    return cors;
  }

  private static String originPattern(String origin) {
    return origin.equals("*") ? ANY_WEB_ORIGIN : Pattern.quote(origin);
  }
}
