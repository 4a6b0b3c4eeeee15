package dev.activityfhir.server.auth;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in authorization server's token endpoint: {@code grant_type=client_credentials} with a {@code
 * private_key_jwt} client assertion (SMART Backend Services), answered with an access token for the client's
 * organisation and the granted scopes; and {@code grant_type=authorization_code} with PKCE for a person who signed
 * in at the authorization endpoint (see {@link CodeExchange}), answered with an access token and an ID token.
 */
public final class TokenEndpoint {

  private static final Logger log = LoggerFactory.getLogger(TokenEndpoint.class);

  /** The client assertion type of RFC 7523. */
  public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private final ClientAssertionVerifier assertions;
  private final AccessTokenIssuer issuer;
  private final @Nullable CodeExchange codes;

  /**
   * @param tokenEndpoint this endpoint's URL, which client assertions must name as their {@code aud}
   * @param codes the authorization code grant, or null when only client credentials are issued
   */
  TokenEndpoint(
      ClientRegistry registry,
      AccessTokenIssuer issuer,
      Supplier<String> tokenEndpoint,
      Clock clock,
      @Nullable CodeExchange codes) {
    this.assertions = new ClientAssertionVerifier(registry, tokenEndpoint, clock);
    this.issuer = issuer;
    this.codes = codes;
  }

  /** Remembers the client assertions it accepted in the database from now on, across restarts. */
  public void rememberAssertionsIn(javax.sql.DataSource dataSource) {
    assertions.rememberAssertionsIn(dataSource);
  }

  /**
   * Answers a token request.
   *
   * @param form the request's form parameters
   * @throws OAuthError the OAuth error to answer
   */
  public TokenResponse token(Map<String, String[]> form) throws OAuthError {
    String grantType = single(form, "grant_type");
    if (grantType == null) {
      throw OAuthError.invalidRequest("grant_type is missing");
    }
    if (grantType.equals("authorization_code") && codes != null) {
      return codes.exchange(
          required(form, "code"),
          required(form, "client_id"),
          required(form, "redirect_uri"),
          required(form, "code_verifier"));
    }
    if (!grantType.equals("client_credentials")) {
      throw OAuthError.unsupportedGrantType(
          codes != null
              ? "grant_type must be client_credentials or authorization_code"
              : "only grant_type=client_credentials is supported");
    }
    String assertionType = single(form, "client_assertion_type");
    String assertion = single(form, "client_assertion");
    if (assertionType == null || assertion == null) {
      throw OAuthError.invalidClient(
          "client authentication is missing: send client_assertion_type=" + JWT_BEARER + " and client_assertion");
    }
    if (!assertionType.equals(JWT_BEARER)) {
      throw OAuthError.invalidClient("client_assertion_type must be " + JWT_BEARER);
    }
    RegisteredClient client = assertions.verify(assertion, single(form, "client_id"));
    List<String> scopes = client.grant(single(form, "scope"));
    AccessTokenIssuer.Issued issued = issuer.issue(client.clientId(), client.organization(), scopes);
    log.info("Access token issued to client {} for {}: {}", client.clientId(), client.organization(), issued.scope());
    return new TokenResponse(issued, null);
  }

  private static String required(Map<String, String[]> form, String name) throws OAuthError {
    String value = single(form, name);
    if (value == null) {
      throw OAuthError.invalidRequest(name + " is missing");
    }
    return value;
  }

  /** A parameter's value; RFC 6749 forbids sending one twice. */
  private static @Nullable String single(Map<String, String[]> form, String name) throws OAuthError {
    String[] values = form.get(name);
    if (values == null || values.length == 0) {
      return null;
    }
    if (values.length > 1) {
      throw OAuthError.invalidRequest(name + " is given more than once");
    }
    return values[0].isBlank() ? null : values[0];
  }
}
