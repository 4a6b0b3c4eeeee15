package dev.activityfhir.server.web;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * The Content-Security-Policy of the web page: its own scripts, styles and API only, no inline script or style
 * element, and map tiles from the configured tile server alone.
 */
public final class ContentSecurityPolicy {

  private ContentSecurityPolicy() {}

  /** The policy for a page whose map tiles come from the URL template {@code tileUrl}. */
  public static String forTiles(String tileUrl) {
    return forPage(tileUrl, null);
  }

  /**
   * The policy for a page whose map tiles come from {@code tileUrl} and which signs people in with the OpenID
   * Connect provider {@code issuer} (null: the built-in one on the page's own address), whose discovery document
   * and token endpoint it must reach.
   */
  public static String forPage(String tileUrl, @Nullable String issuer) {
    String connect = issuer == null ? "'self'" : "'self' " + origin(issuer);
    // data: images: Leaflet blanks a tile it removes with an empty data: GIF.
    return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: "
        + tileSource(tileUrl)
        + "; connect-src "
        + connect
        + "; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self';"
        + " frame-ancestors 'none'";
  }

  private static String origin(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getRawAuthority();
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
