package dev.activityfhir.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Real keys made in the test and JWTs signed with them. */
final class TestTokens {

  private TestTokens() {}

  static ECKey ecKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ecKey384(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_384).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static RSAKey rsaKey(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public key set of {@code keys}, as a registry or an issuer publishes it. */
  static JWKSet publicSet(JWK... keys) {
    return new JWKSet(java.util.Arrays.stream(keys).map(JWK::toPublicJWK).toList());
  }

  /** {@code claims} signed with {@code key} (ES256/ES384 for EC keys, else {@code rsaAlgorithm}). */
  static String sign(JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
    try {
      jwt.sign(key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** Access-token claims that {@link JwtAuthenticator} accepts at {@code now}. */
  static JWTClaimsSet.Builder accessClaims(String issuer, String audience, Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject("riverside-surgery")
        .audience(audience)
        .claim("client_id", "riverside-surgery")
        .claim("organization", "A81001")
        .claim("scope", "system/ServiceRequest.cruds system/Task.rs")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .jwtID(UUID.randomUUID().toString());
  }

  /** Client-assertion claims for {@code clientId} addressed to {@code tokenEndpoint}. */
  static JWTClaimsSet.Builder assertionClaims(String clientId, String tokenEndpoint, Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(clientId)
        .subject(clientId)
        .audience(tokenEndpoint)
        .expirationTime(Date.from(now.plusSeconds(240)))
        .jwtID(UUID.randomUUID().toString());
  }
}
