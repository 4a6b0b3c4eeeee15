package dev.activityfhir.server.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The time, issuer and audience rules a signed JWT's claims must meet: {@code iss} equal to the trusted issuer, the
 * expected audience among {@code aud}, an {@code exp} not passed and an {@code nbf} reached, each within a small
 * clock skew. Each refusal names the rule broken.
 */
final class TokenClaimsRules implements JWTClaimsSetVerifier<SecurityContext> {

  /** Tolerated difference between this server's clock and the issuer's. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  private final @Nullable Supplier<String> issuer;
  private final Supplier<String> audience;
  private final Clock clock;

  /**
   * @param issuer the required {@code iss}, or null when any issuer will do (client assertions, whose issuer is the
   *     client and is checked by the caller)
   */
  TokenClaimsRules(@Nullable Supplier<String> issuer, Supplier<String> audience, Clock clock) {
    this.issuer = issuer;
    this.audience = audience;
    this.clock = clock;
  }

  @Override
  public void verify(JWTClaimsSet claims, @Nullable SecurityContext context) throws BadJWTException {
    Instant now = clock.instant();
    Date expiry = claims.getExpirationTime();
    if (expiry == null) {
      throw new BadJWTException("token has no expiry time (exp)");
    }
    if (now.minus(CLOCK_SKEW).isAfter(expiry.toInstant())) {
      throw new BadJWTException("token expired (exp)");
    }
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null && now.plus(CLOCK_SKEW).isBefore(notBefore.toInstant())) {
      throw new BadJWTException("token not valid yet (nbf)");
    }
    if (issuer != null && !issuer.get().equals(claims.getIssuer())) {
      throw new BadJWTException("token issuer (iss) is not the trusted issuer");
    }
    String expected = audience.get();
    List<String> audiences = claims.getAudience();
    if (audiences == null || !audiences.contains(expected)) {
      throw new BadJWTException("token audience (aud) does not name " + expected);
    }
  }
}
