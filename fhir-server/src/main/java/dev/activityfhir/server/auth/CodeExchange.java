package dev.activityfhir.server.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token endpoint's {@code grant_type=authorization_code} (RFC 6749 4.1.3, RFC 7636 4.6): a public client
 * trades a code for an access token acting for the signed-in person's organisation and an ID token. The code must
 * be live and unused, and the {@code client_id}, {@code redirect_uri} and {@code code_verifier} must match what it
 * was issued for. A code is spent by any attempt, right or wrong, so a verifier cannot be guessed at.
 */
final class CodeExchange {

  private static final Logger log = LoggerFactory.getLogger(CodeExchange.class);

  /** Scopes about the person rather than FHIR resources, granted when asked for. */
  private static final Set<String> IDENTITY_SCOPES = Set.of("openid", "profile", "fhirUser");

  private final AuthorizationEndpoint authorizations;
  private final AccessTokenIssuer accessTokens;
  private final IdTokenIssuer idTokens;
  private final Duration lifetime;

  CodeExchange(
      AuthorizationEndpoint authorizations,
      AccessTokenIssuer accessTokens,
      IdTokenIssuer idTokens,
      Duration lifetime) {
    this.authorizations = authorizations;
    this.accessTokens = accessTokens;
    this.idTokens = idTokens;
    this.lifetime = lifetime;
  }

  /**
   * @param code the {@code code} parameter
   * @param clientId the {@code client_id} parameter
   * @param redirectUri the {@code redirect_uri} parameter
   * @param verifier the {@code code_verifier} parameter
   */
  TokenResponse exchange(String code, String clientId, String redirectUri, String verifier) throws OAuthError {
    IssuedCode issued =
        authorizations
            .redeem(code)
            .orElseThrow(() -> OAuthError.invalidGrant("the code is unknown, expired or already used"));
    AuthorizationRequest request = issued.request();
    if (!request.clientId().equals(clientId)) {
      log.info("Code refused: issued to another client");
      throw OAuthError.invalidGrant("the code was issued to another client");
    }
    if (!request.redirectUri().equals(redirectUri)) {
      log.info("Code refused for client {}: redirect_uri differs from the authorization request's", clientId);
      throw OAuthError.invalidGrant("redirect_uri differs from the authorization request's");
    }
    if (!Pkce.verifies(verifier, request.codeChallenge())) {
      log.info("Code refused for client {}: code_verifier does not match the code_challenge", clientId);
      throw OAuthError.invalidGrant("code_verifier does not match the code_challenge");
    }
    UserAccount user = issued.user();
    List<String> scopes = grant(request.scopes(), user);
    AccessTokenIssuer.Issued access =
        accessTokens.issueForUser(clientId, user.username(), user.organization(), scopes, lifetime);
    String idToken = idTokens.issue(user, clientId, request.nonce(), issued.authTime());
    log.info("Tokens issued to {} by client {} for {}: {}", user.username(), clientId, user.organization(), access.scope());
    return new TokenResponse(access, idToken);
  }

  /**
   * The identity scopes asked for, and the person's resource scopes: those asked for that they hold (or narrower
   * ones), or all of them when none is asked for.
   */
  static List<String> grant(List<String> requested, UserAccount user) {
    Caller allowed = new Caller(user.username(), user.organization(), Set.copyOf(user.scopes()));
    Set<String> granted = new LinkedHashSet<>();
    List<String> resourceScopes = new ArrayList<>();
    for (String scope : requested) {
      if (IDENTITY_SCOPES.contains(scope)) {
        granted.add(scope);
      } else if (RegisteredClient.resourceType(scope) != null) {
        resourceScopes.add(scope);
      }
    }
    if (resourceScopes.isEmpty()) {
      granted.addAll(user.scopes());
    } else {
      for (String scope : resourceScopes) {
        if (user.scopes().contains(scope) || RegisteredClient.isNarrowerThanAllowed(scope, allowed)) {
          granted.add(scope);
        }
      }
    }
    return List.copyOf(granted);
  }
}
