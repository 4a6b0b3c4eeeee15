package dev.activityfhir.server.auth;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A checked authorization request of the code flow, waiting for the person to sign in (and then carried by the code
 * issued for it).
 *
 * @param clientId the public client asking
 * @param redirectUri where the code goes: one of the client's registered URIs, exactly
 * @param state the client's {@code state}, returned unchanged
 * @param nonce the client's {@code nonce}, put in the ID token
 * @param codeChallenge the S256 PKCE challenge
 * @param scopes the scopes asked for ({@code openid} among them)
 */
public record AuthorizationRequest(
    String clientId,
    String redirectUri,
    @Nullable String state,
    @Nullable String nonce,
    String codeChallenge,
    List<String> scopes) {

  public AuthorizationRequest {
    scopes = List.copyOf(scopes);
  }
}
