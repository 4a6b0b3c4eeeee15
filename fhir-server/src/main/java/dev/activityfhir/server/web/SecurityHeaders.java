package dev.activityfhir.server.web;

import java.util.List;
import org.eclipse.jetty.http.HttpFields;

/**
 * The security headers every response carries: {@code X-Content-Type-Options: nosniff} everywhere, and a
 * {@code Content-Security-Policy} that allows nothing on the API paths (JSON is never a page to render). Paths
 * outside {@link #API_PREFIXES} (static web pages) get no policy here: they set their own.
 */
public final class SecurityHeaders {

  /** Path prefixes of API responses, which get {@link #API_POLICY}. */
  public static final List<String> API_PREFIXES = List.of("/fhir", "/health", "/auth", "/demo");

  /** The policy of API responses: no sources of any kind, never framed. */
  public static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

  private SecurityHeaders() {}

  /** Adds the headers for a response to a request for {@code path}. */
  public static void apply(HttpFields.Mutable headers, String path) {
    headers.put("X-Content-Type-Options", "nosniff");
    if (isApi(path)) {
      headers.put("Content-Security-Policy", API_POLICY);
    }
  }

  /** Whether {@code path} is under one of the {@link #API_PREFIXES}. */
  public static boolean isApi(String path) {
    for (String prefix : API_PREFIXES) {
      if (path.equals(prefix) || path.startsWith(prefix + "/")) {
        return true;
      }
    }
    return false;
  }
}
