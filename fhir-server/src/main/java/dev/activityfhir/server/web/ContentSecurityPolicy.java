package dev.activityfhir.server.web;

import java.net.URI;

/**
 * The Content-Security-Policy of the web page: its own scripts, styles and API only, no inline script or style
 * element, and map tiles from the configured tile server alone.
 */
public final class ContentSecurityPolicy {

  private ContentSecurityPolicy() {}

  /** The policy for a page whose map tiles come from the URL template {@code tileUrl}. */
  public static String forTiles(String tileUrl) {
    // data: images: Leaflet blanks a tile it removes with an empty data: GIF.
    return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: "
        + tileSource(tileUrl)
        + "; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self';"
        + " frame-ancestors 'none'";
  }

  /**
   * The CSP source matching every tile of a template such as {@code https://{s}.tile.example.org/{z}/{x}/{y}.png}:
   * its scheme, host (a {@code {s}} subdomain becomes {@code *}) and port.
   */
  static String tileSource(String tileUrl) {
    URI uri = URI.create(tileUrl.replace("{s}", "s-wildcard").replaceAll("\\{[a-z]+}", "0"));
    String host = uri.getHost().replace("s-wildcard", "*");
    return uri.getScheme() + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
