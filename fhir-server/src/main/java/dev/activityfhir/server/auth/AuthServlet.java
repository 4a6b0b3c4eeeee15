package dev.activityfhir.server.auth;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The built-in authorization server at {@code /auth/*}: {@code POST /auth/token} (see {@link TokenEndpoint}),
 * {@code GET /auth/jwks.json}, the public key set its tokens are signed with, {@code GET|POST /auth/authorize}, the
 * sign-in form of the code flow (see {@link AuthorizationEndpoint}), and {@code GET
 * /auth/.well-known/openid-configuration}. JSON answers refuse as OAuth error objects; the sign-in pages are HTML
 * with their own Content-Security-Policy, never cached.
 */
public final class AuthServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Token and sign-in requests are a few kilobytes at most; a larger body is refused before it is parsed. */
  private static final long MAX_FORM_BYTES = 64 * 1024;

  private static final String FORM_TYPE = "application/x-www-form-urlencoded";

  private final transient TokenEndpoint tokens;
  private final transient AuthorizationEndpoint authorizations;
  private final transient AuthUrls urls;
  private final transient Map<String, Object> jwks;
  private final byte[] stylesheet;
  private final byte[] icon;

  public AuthServlet(TokenEndpoint tokens, AuthorizationEndpoint authorizations, AuthUrls urls, SigningKey key) {
    this.tokens = tokens;
    this.authorizations = authorizations;
    this.urls = urls;
    this.jwks = key.publicJwks().toJSONObject(true);
    this.stylesheet = resource("/auth/sign-in.css");
    this.icon = resource("/web/img/icon.svg");
  }

  /** Remembers the client assertions it accepted in the database from now on, across restarts. */
  public void rememberAssertionsIn(javax.sql.DataSource dataSource) {
    tokens.rememberAssertionsIn(dataSource);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getPathInfo();
    boolean authorize = "/authorize".equals(path);
    if (!"/token".equals(path) && !authorize) {
      notFound(response);
      return;
    }
    Map<String, String[]> form = readForm(request);
    if (form == null) {
      if (authorize) {
        page(response, new SignInOutcome.Stop(400, "The sign-in form could not be read. Please try again."));
      } else {
        error(response, OAuthError.invalidRequest("send the token request as a form of at most 64 KiB"));
      }
      return;
    }
    if (authorize) {
      String password = single(form, "password");
      page(
          response,
          authorizations.signIn(
              single(form, "request_id"),
              single(form, "username"),
              password == null ? new char[0] : password.toCharArray()));
      return;
    }
    try {
      JsonResponses.write(response, HttpServletResponse.SC_OK, tokens.token(form).body(), true);
    } catch (OAuthError e) {
      error(response, e);
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getPathInfo();
    if ("/jwks.json".equals(path)) {
      response.setHeader("Cache-Control", "public, max-age=300");
      JsonResponses.write(response, HttpServletResponse.SC_OK, jwks, false);
    } else if ("/.well-known/openid-configuration".equals(path)) {
      response.setHeader("Cache-Control", "public, max-age=300");
      JsonResponses.write(response, HttpServletResponse.SC_OK, OpenIdConfiguration.document(urls), false);
    } else if ("/authorize".equals(path)) {
      page(response, authorizations.begin(request.getParameterMap()));
    } else if ("/sign-in.css".equals(path)) {
      file(response, "text/css;charset=UTF-8", stylesheet);
    } else if ("/icon.svg".equals(path)) {
      file(response, "image/svg+xml", icon);
    } else if ("/token".equals(path)) {
      response.setHeader("Allow", "POST");
      JsonResponses.write(
          response,
          HttpServletResponse.SC_METHOD_NOT_ALLOWED,
          Map.of("error", "invalid_request", "error_description", "the token endpoint takes POST"),
          true);
    } else {
      notFound(response);
    }
  }

  /** The sign-in page's stylesheet or icon. */
  private static void file(HttpServletResponse response, String contentType, byte[] bytes) throws IOException {
    response.setHeader("Cache-Control", "public, max-age=3600");
    response.setContentType(contentType);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** The form parameters, or null when the body is not a form or too large to read. */
  private static @Nullable Map<String, String[]> readForm(HttpServletRequest request) {
    String contentType = request.getContentType();
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM_TYPE)
        || request.getContentLengthLong() > MAX_FORM_BYTES) {
      return null;
    }
    try {
      return request.getParameterMap();
    } catch (RuntimeException e) { // Jetty refuses an oversized or malformed form while reading it
      return null;
    }
  }

  /** Answers the browser: the sign-in form, a redirect to the client, or a page saying why neither. */
  private void page(HttpServletResponse response, SignInOutcome outcome) throws IOException {
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
    response.setHeader("Referrer-Policy", "no-referrer");
    if (outcome instanceof SignInOutcome.Redirect redirect) {
      response.setStatus(HttpServletResponse.SC_FOUND);
      response.setHeader("Location", redirect.location());
      return;
    }
    String html;
    String formTarget = "'self'";
    if (outcome instanceof SignInOutcome.Form form) {
      html = SignInPage.form(form, authorizations.showsDemoUsers());
      formTarget += " " + origin(form.request().redirectUri());
      response.setStatus(HttpServletResponse.SC_OK);
    } else {
      SignInOutcome.Stop stop = (SignInOutcome.Stop) outcome;
      html = SignInPage.stopped(stop.message());
      response.setStatus(stop.status());
    }
    // The form posts here and is then redirected to the client: both are allowed form targets.
    response.setHeader(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action "
            + formTarget
            + "; base-uri 'none'; frame-ancestors 'none'");
    response.setHeader("X-Frame-Options", "DENY");
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/html;charset=UTF-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private static String origin(String uri) {
    URI parsed = URI.create(uri);
    return parsed.getScheme() + "://" + parsed.getRawAuthority();
  }

  private static @Nullable String single(Map<String, String[]> form, String name) {
    String[] values = form.get(name);
    return values == null || values.length != 1 ? null : values[0];
  }

  private static byte[] resource(String name) {
    try (InputStream in = AuthServlet.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void error(HttpServletResponse response, OAuthError error) throws IOException {
    JsonResponses.write(
        response,
        error.status(),
        Map.of("error", error.error(), "error_description", error.getMessage()),
        true);
  }

  private static void notFound(HttpServletResponse response) throws IOException {
    JsonResponses.write(
        response,
        HttpServletResponse.SC_NOT_FOUND,
        Map.of(
            "error",
            "not_found",
            "error_description",
            "the authorization server has /auth/token, /auth/authorize, /auth/jwks.json and"
                + " /auth/.well-known/openid-configuration"),
        false);
  }
}
