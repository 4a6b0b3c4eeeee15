package dev.activityfhir.server.web;

import java.util.List;

/**
 * What browsers on other origins may do (see {@link CorsHandlers}).
 *
 * @param origins origins allowed ({@code scheme://host[:port]}), or {@code *} for any web origin ({@code null}
 *     never)
 * @param methods methods a cross-origin request may use
 * @param headers request headers a cross-origin request may send
 */
public record CorsPolicy(List<String> origins, List<String> methods, List<String> headers) {

  /** Reads only: the directory is read-only to browsers unless configured otherwise. */
  public static final List<String> READ_METHODS = List.of("GET", "HEAD", "OPTIONS");

  /** The request headers a reading client needs. */
  public static final List<String> READ_HEADERS =
      List.of("Accept", "Content-Type", "If-None-Match", "If-Modified-Since");

  public CorsPolicy {
    origins = List.copyOf(origins);
    methods = List.copyOf(methods);
    headers = List.copyOf(headers);
  }

  /** Reads from the given origins. */
  public static CorsPolicy readOnly(List<String> origins) {
    return new CorsPolicy(origins, READ_METHODS, READ_HEADERS);
  }
}
