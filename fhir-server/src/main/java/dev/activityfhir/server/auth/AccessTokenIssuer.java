package dev.activityfhir.server.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Issues the built-in authorization server's access tokens: ES256 JWTs signed with the {@link SigningKey}, with
 * {@code iss} this server's issuer, {@code aud} the FHIR base, {@code sub} and {@code client_id} the client, the
 * {@code organization} it acts for, the granted {@code scope}, {@code iat}, {@code exp} and a random {@code jti}:
 * what {@link JwtAuthenticator} requires.
 */
public final class AccessTokenIssuer {

  /** An issued token, as the token endpoint answers it. */
  public record Issued(String accessToken, long expiresInSeconds, String scope) {}

  private final SigningKey key;
  private final Supplier<String> issuer;
  private final Supplier<String> audience;
  private final Duration lifetime;
  private final Clock clock;

  public AccessTokenIssuer(
      SigningKey key, Supplier<String> issuer, Supplier<String> audience, Duration lifetime, Clock clock) {
    this.key = key;
    this.issuer = issuer;
    this.audience = audience;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** A token for {@code clientId} acting for {@code organization}, lasting the configured lifetime. */
  public Issued issue(String clientId, String organization, Collection<String> scopes) {
    return issue(clientId, organization, scopes, lifetime);
  }

  /** A token lasting {@code tokenLifetime} (the {@code token} command's {@code --lifetime}). */
  public Issued issue(String clientId, String organization, Collection<String> scopes, Duration tokenLifetime) {
    return issueForUser(clientId, clientId, organization, scopes, tokenLifetime);
  }

  /**
   * A token for a person who signed in through {@code clientId}: {@code sub} is their username, {@code client_id}
   * the client, and {@code organization} the one they act for.
   */
  public Issued issueForUser(
      String clientId, String subject, String organization, Collection<String> scopes, Duration tokenLifetime) {
    Instant now = clock.instant();
    String scope = String.join(" ", scopes);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer.get())
            .subject(subject)
            .audience(audience.get())
            .claim("client_id", clientId)
            .claim("organization", organization)
            .claim("scope", scope)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(tokenLifetime)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    return new Issued(key.sign(claims), tokenLifetime.toSeconds(), scope);
  }
}
