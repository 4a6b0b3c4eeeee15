package dev.activityfhir.server.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A successful token response (RFC 6749 5.1): the access token and, for a person who signed in, an OpenID
 * Connect ID token.
 *
 * @param access the access token
 * @param idToken the ID token, or null (client credentials)
 */
public record TokenResponse(AccessTokenIssuer.Issued access, @Nullable String idToken) {

  /** The JSON body. */
  Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", access.accessToken());
    body.put("token_type", "bearer");
    body.put("expires_in", access.expiresInSeconds());
    body.put("scope", access.scope());
    if (idToken != null) {
      body.put("id_token", idToken);
    }
    return body;
  }
}
