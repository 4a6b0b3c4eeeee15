package dev.activityfhir.server.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Issues OpenID Connect ID tokens (Core 2) for people who signed in: ES256 with the same {@link SigningKey} as the
 * access tokens (so one key set at {@code /auth/jwks.json} verifies both), {@code iss} the issuer, {@code aud} the
 * client, {@code sub} the username, {@code nonce}, {@code auth_time}, and the person's {@code name}, {@code
 * organization}, {@code organization_name} and {@code role}.
 */
public final class IdTokenIssuer {

  private final SigningKey key;
  private final Supplier<String> issuer;
  private final Duration lifetime;
  private final Clock clock;

  public IdTokenIssuer(SigningKey key, Supplier<String> issuer, Duration lifetime, Clock clock) {
    this.key = key;
    this.issuer = issuer;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** An ID token for {@code user}, signed in at {@code authTime}, for {@code clientId}. */
  public String issue(UserAccount user, String clientId, @Nullable String nonce, Instant authTime) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer.get())
            .subject(user.username())
            .audience(clientId)
            .claim("azp", clientId)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .claim("auth_time", authTime.getEpochSecond())
            .claim("name", user.name())
            .claim("organization", user.organization())
            .claim("organization_name", user.organizationLabel())
            .claim("role", user.role().claim());
    if (nonce != null) {
      claims.claim("nonce", nonce);
    }
    return key.sign(claims.build());
  }
}
