package dev.activityfhir.server.auth;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in authorization server at {@code /auth/*}: {@code POST /auth/token} (see {@link TokenEndpoint}) and
 * {@code GET /auth/jwks.json}, the public key set its access tokens are signed with. Every answer is JSON; every
 * refusal is an OAuth error object.
 */
public final class AuthServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Token requests are a few kilobytes at most; a larger body is refused before it is parsed. */
  private static final long MAX_FORM_BYTES = 64 * 1024;

  private final transient TokenEndpoint tokens;
  private final transient Map<String, Object> jwks;

  public AuthServlet(TokenEndpoint tokens, SigningKey key) {
    this.tokens = tokens;
    this.jwks = key.publicJwks().toJSONObject(true);
  }

  /** Remembers the client assertions it accepted in the database from now on, across restarts. */
  public void rememberAssertionsIn(javax.sql.DataSource dataSource) {
    tokens.rememberAssertionsIn(dataSource);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!"/token".equals(request.getPathInfo())) {
      notFound(response);
      return;
    }
    String contentType = request.getContentType();
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      error(response, OAuthError.invalidRequest("send the token request as application/x-www-form-urlencoded"));
      return;
    }
    if (request.getContentLengthLong() > MAX_FORM_BYTES) {
      error(response, OAuthError.invalidRequest("the token request is larger than 64 KiB"));
      return;
    }
    Map<String, String[]> form;
    try {
      form = request.getParameterMap();
    } catch (RuntimeException e) { // Jetty refuses an oversized or malformed form while reading it
      error(response, OAuthError.invalidRequest("the token request body cannot be read as a form"));
      return;
    }
    try {
      AccessTokenIssuer.Issued issued = tokens.token(form);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("access_token", issued.accessToken());
      body.put("token_type", "bearer");
      body.put("expires_in", issued.expiresInSeconds());
      body.put("scope", issued.scope());
      JsonResponses.write(response, HttpServletResponse.SC_OK, body, true);
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
        Map.of("error", "not_found", "error_description", "the authorization server has /auth/token and /auth/jwks.json"),
        false);
  }
}
