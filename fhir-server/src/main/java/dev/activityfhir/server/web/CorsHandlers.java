package dev.activityfhir.server.web;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.handler.CrossOriginHandler;

/**
 * Builds Jetty's CORS handler for browser clients (HAPI's own CorsInterceptor needs Spring). Referral content is
 * confidential, so credentials are never allowed cross-origin; origins come from {@code CORS_ALLOWED_ORIGINS}.
 */
public final class CorsHandlers {

  private CorsHandlers() {}

  /** A handler allowing the given origins ({@code *} for any) to read and write FHIR resources. */
  public static CrossOriginHandler forOrigins(List<String> origins) {
    CrossOriginHandler cors = new CrossOriginHandler();
    cors.setAllowedOriginPatterns(
        origins.stream().map(CorsHandlers::originPattern).collect(Collectors.toSet()));
    cors.setAllowedMethods(Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
    cors.setAllowedHeaders(
        Set.of(
            "Accept",
            "Authorization",
            "Content-Type",
            "If-Match",
            "If-None-Match",
            "If-None-Exist",
            "If-Modified-Since",
            "Prefer",
            "X-Request-ID"));
    cors.setExposedHeaders(Set.of("Location", "ETag", "Last-Modified", "Content-Location", "X-Request-ID"));
    cors.setAllowCredentials(false);
    cors.setPreflightMaxAge(Duration.ofHours(1));
    return cors;
  }

  private static String originPattern(String origin) {
    return origin.equals("*") ? ".*" : Pattern.quote(origin);
  }
}
