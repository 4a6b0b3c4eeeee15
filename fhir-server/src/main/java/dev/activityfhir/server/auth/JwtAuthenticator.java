package dev.activityfhir.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Validates the referral side's bearer tokens (JWTs) with nimbus-jose-jwt: signed with RS256 or ES256 by a trusted
 * key ({@code alg: none} and HMAC refused), {@code iss} the trusted issuer, {@code aud} this server, {@code exp} and
 * {@code nbf} kept within a 30 s clock skew, and an {@code organization} claim (an ODS code or {@code
 * Organization/<id>}). The {@code scope} claim (space-separated, or a JSON array) becomes {@link Caller#scopes()};
 * the client is {@code client_id}, else {@code sub}.
 *
 * <p>A client sends the same token with every request until it expires, and checking its signature is most of the
 * cost of authenticating it. So each token whose signature verified is remembered (the exact token text, a bounded
 * number of them, for at most {@link #REMEMBERED_FOR}, so that a key withdrawn from the trusted set stops being
 * honoured soon): its signature is not checked again, but its time, issuer and audience rules are, on every request.
 */
public final class JwtAuthenticator implements Authenticator {

  /** The only algorithms access tokens may be signed with. */
  public static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  /** How long a token whose signature verified is remembered (never beyond its expiry, checked on each use). */
  static final Duration REMEMBERED_FOR = Duration.ofMinutes(5);

  /** How many verified tokens are remembered at most. */
  private static final int REMEMBERED_TOKENS = 10_000;

  private static final String BEARER = "bearer ";

  private final TokenClaimsRules rules;
  private final SignedJwtCheck check;
  private final Cache<String, Verified> verified =
      Caffeine.newBuilder().maximumSize(REMEMBERED_TOKENS).expireAfterWrite(REMEMBERED_FOR).build();

  /** A token's verified claims and the caller they name. */
  private record Verified(JWTClaimsSet claims, Caller caller) {}

  /**
   * @param keys the trusted public keys
   * @param issuer the required {@code iss}
   * @param audience the {@code aud} tokens must carry (asked per token: the port may be known only once listening)
   */
  public JwtAuthenticator(
      JWKSource<SecurityContext> keys, Supplier<String> issuer, Supplier<String> audience, Clock clock) {
    this.rules = new TokenClaimsRules(issuer, audience, clock);
    this.check = new SignedJwtCheck(ACCEPTED_ALGORITHMS, keys, rules);
  }

  @Override
  public Caller authenticate(@Nullable String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      throw new AuthenticationFailure("no bearer token: send Authorization: Bearer <token>");
    }
    if (!authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new AuthenticationFailure("the Authorization header is not a Bearer token");
    }
    String token = authorizationHeader.substring(BEARER.length()).trim();
    if (token.isEmpty()) {
      throw new AuthenticationFailure("no bearer token: send Authorization: Bearer <token>");
    }
    Verified known = verified.getIfPresent(token);
    if (known != null) {
      try {
        rules.verify(known.claims(), null); // expiry and not-before move with the clock
      } catch (BadJWTException e) {
        verified.invalidate(token);
        throw new AuthenticationFailure(e.getMessage());
      }
      return known.caller();
    }
    JWTClaimsSet claims;
    try {
      claims = check.check(token);
    } catch (SignedJwtCheck.Rejected e) {
      throw new AuthenticationFailure(e.getMessage());
    }
    Caller caller = new Caller(clientId(claims), organization(claims), scopes(claims));
    verified.put(token, new Verified(claims, caller));
    return caller;
  }

  private static String clientId(JWTClaimsSet claims) {
    String clientId = stringClaim(claims, "client_id");
    if (clientId == null) {
      clientId = claims.getSubject();
    }
    if (clientId == null || clientId.isBlank()) {
      throw new AuthenticationFailure("token names no client (client_id or sub)");
    }
    return clientId;
  }

  private static String organization(JWTClaimsSet claims) {
    String raw = stringClaim(claims, "organization");
    if (raw == null) {
      throw new AuthenticationFailure("token has no organization claim");
    }
    return CallerOrganization.normalise(raw)
        .orElseThrow(
            () ->
                new AuthenticationFailure(
                    "token organization claim is neither an ODS code nor Organization/<id>"));
  }

  private static Set<String> scopes(JWTClaimsSet claims) {
    Object scope = claims.getClaim("scope");
    Set<String> scopes = new LinkedHashSet<>();
    if (scope instanceof String text) {
      scopes.addAll(Arrays.asList(text.trim().split("\\s+")));
    } else if (scope instanceof List<?> list) {
      list.forEach(item -> scopes.add(String.valueOf(item)));
    }
    scopes.remove("");
    return scopes;
  }

  private static @Nullable String stringClaim(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    return value instanceof String text && !text.isBlank() ? text : null;
  }
}
