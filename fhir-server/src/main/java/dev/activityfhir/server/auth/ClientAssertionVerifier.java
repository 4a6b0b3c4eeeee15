package dev.activityfhir.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates a client by its {@code private_key_jwt} client assertion (SMART Backend Services): a JWT signed
 * with one of the client's registered keys (RS384, ES384, RS256 or ES256), {@code iss} = {@code sub} = its {@code
 * client_id}, {@code aud} = the token endpoint URL, an {@code exp} at most five minutes ahead, and a {@code jti}
 * not seen before.
 */
final class ClientAssertionVerifier {

  /** What SMART Backend Services requires servers to accept (RS384, ES384), and the common RS256, ES256. */
  static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384, JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  /** SMART: an assertion's exp is no more than five minutes in the future. */
  private static final Duration LONGEST = Duration.ofMinutes(5);

  private final ClientRegistry registry;
  private final Supplier<String> tokenEndpoint;
  private final Clock clock;
  private final AssertionReplayGuard replays;

  ClientAssertionVerifier(ClientRegistry registry, Supplier<String> tokenEndpoint, Clock clock) {
    this.registry = registry;
    this.tokenEndpoint = tokenEndpoint;
    this.clock = clock;
    this.replays = new AssertionReplayGuard(clock);
  }

  /** Remembers accepted assertions in the database from now on (so that a restart forgets none). */
  void rememberAssertionsIn(javax.sql.DataSource dataSource) {
    replays.rememberIn(dataSource);
  }

  /**
   * @param assertion the {@code client_assertion} parameter
   * @param clientIdParameter the optional {@code client_id} parameter, which must then name the same client
   * @return the authenticated client
   * @throws OAuthError {@code invalid_client} naming the rule broken
   */
  RegisteredClient verify(String assertion, @Nullable String clientIdParameter) throws OAuthError {
    JWTClaimsSet unverified;
    try {
      unverified = SignedJWT.parse(assertion).getJWTClaimsSet();
    } catch (ParseException e) {
      throw OAuthError.invalidClient("client_assertion is not a signed JWT");
    }
    String clientId = unverified.getIssuer();
    if (clientId == null || !clientId.equals(unverified.getSubject())) {
      throw OAuthError.invalidClient("client_assertion iss and sub must both be the client_id");
    }
    if (clientIdParameter != null && !clientIdParameter.equals(clientId)) {
      throw OAuthError.invalidClient("client_id does not match the client_assertion's iss");
    }
    RegisteredClient client =
        registry.find(clientId).orElseThrow(() -> OAuthError.invalidClient("unknown client " + clientId));
    JWTClaimsSet claims;
    try {
      claims =
          new SignedJwtCheck(ALGORITHMS, client.keys(), new TokenClaimsRules(null, tokenEndpoint, clock))
              .check(assertion);
    } catch (SignedJwtCheck.Rejected e) {
      throw OAuthError.invalidClient("client_assertion refused: " + e.getMessage());
    }
    Instant expiry = claims.getExpirationTime().toInstant(); // TokenClaimsRules required it
    if (expiry.isAfter(clock.instant().plus(LONGEST).plus(TokenClaimsRules.CLOCK_SKEW))) {
      throw OAuthError.invalidClient("client_assertion exp is more than five minutes ahead");
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isBlank()) {
      throw OAuthError.invalidClient("client_assertion has no jti");
    }
    if (!replays.firstUse(clientId, jti, expiry)) {
      throw OAuthError.invalidClient("client_assertion jti has been used before");
    }
    return client;
  }
}
