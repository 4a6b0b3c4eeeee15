package dev.activityfhir.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a compact JWS with nimbus-jose-jwt: signed (never {@code alg: none}, never encrypted), with one of the
 * accepted asymmetric algorithms (so an HMAC token keyed with a public key is refused before any key is used), a
 * signature that verifies against the trusted keys, and claims that meet the {@link TokenClaimsRules}.
 */
final class SignedJwtCheck {

  private static final Logger log = LoggerFactory.getLogger(SignedJwtCheck.class);

  /** Why a JWT was refused; the message names the rule, never the token. */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String message) {
      super(message, null, false, false);
    }
  }

  private final Set<JWSAlgorithm> algorithms;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  SignedJwtCheck(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> keys, TokenClaimsRules rules) {
    this.algorithms = Set.copyOf(algorithms);
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(this.algorithms, keys));
    // RFC 9068 access tokens say at+jwt; most servers (Keycloak among them) say JWT or nothing.
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    processor.setJWTClaimsSetVerifier(rules);
  }

  /** The verified claims of {@code token}. */
  JWTClaimsSet check(String token) throws Rejected {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
      jwt.getJWTClaimsSet(); // the payload is parsed lazily: a malformed one is a malformed token
    } catch (ParseException e) {
      throw new Rejected("malformed token: not a JWT");
    }
    if (jwt instanceof PlainJWT) {
      throw new Rejected("unsigned token (alg none) refused");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new Rejected("encrypted token refused: a signed JWT is expected");
    }
    JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
    if (!algorithms.contains(algorithm)) {
      throw new Rejected(
          "token algorithm " + algorithm + " refused: only " + names(algorithms) + " are accepted");
    }
    try {
      return processor.process(signed, null);
    } catch (BadJWTException e) {
      throw new Rejected(e.getMessage()); // our TokenClaimsRules' own wording
    } catch (BadJWSException e) {
      throw new Rejected("token signature does not verify against the trusted keys");
    } catch (BadJOSEException e) {
      // No key for the token's kid and algorithm, or a typ other than JWT / at+jwt.
      throw new Rejected("token refused: " + e.getMessage());
    } catch (KeySourceException e) {
      log.warn("Trusted keys cannot be read: {}", e.getMessage());
      throw new Rejected("the trusted keys cannot be read to check the token");
    } catch (JOSEException e) {
      throw new Rejected("token signature cannot be checked");
    }
  }

  private static String names(Set<JWSAlgorithm> algorithms) {
    return algorithms.stream().map(JWSAlgorithm::getName).sorted().collect(Collectors.joining(", "));
  }
}
