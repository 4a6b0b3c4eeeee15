package dev.activityfhir.server.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Optional;
import org.eclipse.jetty.http.QuotedQualityCSV;
import org.jspecify.annotations.Nullable;

/**
 * Serves the Activity Finder page: {@code /} is the page itself (never cached without revalidation, since it
 * names the current assets), {@code /assets/<version>/...} its scripts, styles and images (cached for a year when
 * the version is the current one: a new build changes the version and so every URL). Everything else answers 404.
 * Every answer carries the page's Content-Security-Policy; text is sent gzip-compressed to clients that accept it.
 */
public final class WebPageServlet extends HttpServlet {

  private static final String ASSETS = "/assets/";
  private static final String FOR_A_YEAR = "public, max-age=31536000, immutable";

  private final transient WebAssets assets;
  private final transient WebAsset page;
  private final String policy;

  /**
   * Where the page signs people in (OpenID Connect).
   *
   * @param issuer the provider's issuer URL, or null for the server's built-in one at {@code /auth} on the page's
   *     own address
   * @param clientId the page's public client id
   * @param scope the scopes it asks for
   */
  public record SignIn(@Nullable String issuer, String clientId, String scope) {

    /** The built-in server, client {@code activity-finder}. */
    public static SignIn builtIn() {
      return new SignIn(null, "activity-finder", "openid profile");
    }
  }

  /** A servlet for these assets, signing people in with the built-in server. */
  public WebPageServlet(WebAssets assets, String tileUrl) {
    this(assets, tileUrl, SignIn.builtIn());
  }

  /**
   * A servlet for these assets, whose {@code index.html} gets the asset base, the map tile URL template and the
   * sign-in settings filled in ({@code {{assetBase}}}, {@code {{tileUrl}}}, {@code {{oidcIssuer}}}, {@code
   * {{oidcClientId}}}, {@code {{oidcScope}}}).
   */
  public WebPageServlet(WebAssets assets, String tileUrl, SignIn signIn) {
    this.assets = assets;
    this.policy = ContentSecurityPolicy.forPage(tileUrl, signIn.issuer());
    String template =
        new String(
            assets.get("index.html").orElseThrow(() -> new IllegalStateException("index.html missing")).body(),
            StandardCharsets.UTF_8);
    String html =
        template
            .replace("{{assetBase}}", ASSETS + assets.version())
            .replace("{{tileUrl}}", escapeAttribute(tileUrl))
            .replace("{{oidcIssuer}}", escapeAttribute(signIn.issuer() == null ? "" : signIn.issuer()))
            .replace("{{oidcClientId}}", escapeAttribute(signIn.clientId()))
            .replace("{{oidcScope}}", escapeAttribute(signIn.scope()));
    this.page = WebAsset.of(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    response.setHeader("Content-Security-Policy", policy);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    if (path.equals("/") || path.equals("/index.html")) {
      send(request, response, page, "no-cache");
      return;
    }
    Optional<Versioned> versioned = Versioned.parse(path);
    Optional<WebAsset> asset =
        versioned.filter(v -> !v.file().equals("index.html")).flatMap(v -> assets.get(v.file()));
    if (asset.isEmpty()) {
      response.setHeader("Cache-Control", "no-cache");
      response.setStatus(HttpServletResponse.SC_NOT_FOUND);
      response.setContentType("text/plain; charset=utf-8");
      response.getWriter().write("Not found. The Activity Finder is at /, the FHIR API at /fhir.\n");
      return;
    }
    // An old version's URL still gets the current file, but must not be cached as that version's.
    boolean current = versioned.get().version().equals(assets.version());
    send(request, response, asset.get(), current ? FOR_A_YEAR : "no-cache");
  }

  private static void send(
      HttpServletRequest request, HttpServletResponse response, WebAsset asset, String cacheControl)
      throws IOException {
    boolean gzip = asset.compresses() && acceptsGzip(request);
    // Each encoding is its own representation, so each has its own strong tag.
    String etag = gzip ? asset.etag().replaceFirst("\"$", "-gzip\"") : asset.etag();
    response.setHeader("Cache-Control", cacheControl);
    response.setHeader("ETag", etag);
    response.setHeader("Vary", "Accept-Encoding");
    if (etag.equals(request.getHeader("If-None-Match"))) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    response.setContentType(asset.contentType());
    byte[] body = asset.body();
    if (gzip) {
      response.setHeader("Content-Encoding", "gzip");
      body = asset.gzipped();
    }
    response.setContentLength(body.length);
    if (!"HEAD".equals(request.getMethod())) {
      response.getOutputStream().write(body);
    }
  }

  private static boolean acceptsGzip(HttpServletRequest request) {
    QuotedQualityCSV accepted = new QuotedQualityCSV();
    for (Enumeration<String> values = request.getHeaders("Accept-Encoding"); values.hasMoreElements(); ) {
      accepted.addValue(values.nextElement());
    }
    return accepted.getValues().stream().anyMatch("gzip"::equalsIgnoreCase);
  }

  private static String escapeAttribute(String value) {
    return value
        .replace("&", "&amp;")
        .replace("\"", "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }

  /** {@code /assets/<version>/<file>}, with a file path free of {@code ..} and empty segments. */
  private record Versioned(String version, String file) {
    static Optional<Versioned> parse(String path) {
      if (!path.startsWith(ASSETS)) {
        return Optional.empty();
      }
      String rest = path.substring(ASSETS.length());
      int slash = rest.indexOf('/');
      if (slash <= 0) {
        return Optional.empty();
      }
      String file = rest.substring(slash + 1);
      if (file.isEmpty() || file.contains("..") || file.contains("//") || file.contains("\\")) {
        return Optional.empty();
      }
      return Optional.of(new Versioned(rest.substring(0, slash), file));
    }
  }
}
