package dev.activityfhir.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class JwtAuthenticatorTest {

  private static final String ISSUER = "https://auth.example.org/realms/pilot";
  private static final String AUDIENCE = "http://localhost:8080/fhir";
  private static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");

  private static final ECKey EC = TestTokens.ecKey("ec-1");
  private static final RSAKey RSA = TestTokens.rsaKey("rsa-1");

  private final JwtAuthenticator authenticator =
      new JwtAuthenticator(
          new ImmutableJWKSet<>(TestTokens.publicSet(EC, RSA)),
          () -> ISSUER,
          () -> AUDIENCE,
          Clock.fixed(NOW, ZoneOffset.UTC));

  private static JWTClaimsSet.Builder claims() {
    return TestTokens.accessClaims(ISSUER, AUDIENCE, NOW);
  }

  private Caller accept(String token) {
    return authenticator.authenticate("Bearer " + token);
  }

  private void assertRefused(String token, String reason) {
    assertThatThrownBy(() -> accept(token))
        .isInstanceOf(AuthenticationFailure.class)
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
  }

  @Test
  void acceptsAnEs256TokenAndReadsClientOrganisationAndScopes() {
    Caller caller = accept(TestTokens.sign(EC, JWSAlgorithm.ES256, claims().build()));

    assertThat(caller.clientId()).isEqualTo("riverside-surgery");
    assertThat(caller.organization()).isEqualTo("A81001");
    assertThat(caller.scopes()).containsExactlyInAnyOrder("system/ServiceRequest.cruds", "system/Task.rs");
    assertThat(caller.allows("ServiceRequest", Caller.Permission.CREATE)).isTrue();
    assertThat(caller.allows("Task", Caller.Permission.UPDATE)).isFalse();
  }

  @Test
  void acceptsAnRs256TokenWithAProviderOrganisationAndAScopeArray() {
    JWTClaimsSet set =
        claims()
            .claim("client_id", null)
            .subject("walk-well")
            .claim("organization", "Organization/org-walk-well")
            .claim("scope", List.of("system/Task.rus"))
            .build();

    Caller caller = authenticator.authenticate("bearer " + TestTokens.sign(RSA, JWSAlgorithm.RS256, set));

    assertThat(caller.clientId()).isEqualTo("walk-well");
    assertThat(caller.organization()).isEqualTo("Organization/org-walk-well");
    assertThat(caller.isProvider()).isTrue();
    assertThat(caller.scopes()).containsExactly("system/Task.rus");
  }

  @Test
  void readsAnOdsIdentifierAsItsCode() {
    JWTClaimsSet set = claims().claim("organization", CallerOrganization.ODS_SYSTEM + "|y02345").build();

    assertThat(accept(TestTokens.sign(EC, JWSAlgorithm.ES256, set)).organization()).isEqualTo("Y02345");
  }

  @Test
  void refusesAMissingHeader() {
    assertThatThrownBy(() -> authenticator.authenticate(null))
        .isInstanceOf(AuthenticationFailure.class)
        .hasMessageContaining("no bearer token");
    assertThatThrownBy(() -> authenticator.authenticate("Bearer   "))
        .isInstanceOf(AuthenticationFailure.class)
        .hasMessageContaining("no bearer token");
  }

  @Test
  void refusesAnotherScheme() {
    assertThatThrownBy(() -> authenticator.authenticate("Basic cml2ZXJzaWRlOnNlY3JldA=="))
        .isInstanceOf(AuthenticationFailure.class)
        .hasMessageContaining("not a Bearer token");
  }

  @Test
  void refusesAMalformedToken() {
    assertRefused("eyJhbGciOiJFUzI1NiJ9.not-json.sig", "malformed token");
    assertRefused("just-some-opaque-token", "malformed token");
  }

  @Test
  void refusesAnExpiredToken() {
    JWTClaimsSet set = claims().expirationTime(Date.from(NOW.minusSeconds(31))).build();

    assertRefused(TestTokens.sign(EC, JWSAlgorithm.ES256, set), "token expired (exp)");
  }

  @Test
  void toleratesThirtySecondsOfClockSkew() {
    JWTClaimsSet set =
        claims()
            .expirationTime(Date.from(NOW.minusSeconds(29)))
            .notBeforeTime(Date.from(NOW.plusSeconds(29)))
            .build();

    assertThat(accept(TestTokens.sign(EC, JWSAlgorithm.ES256, set)).clientId()).isEqualTo("riverside-surgery");
  }

  @Test
  void refusesATokenWithoutExpiry() {
    JWTClaimsSet set = claims().expirationTime(null).build();

    assertRefused(TestTokens.sign(EC, JWSAlgorithm.ES256, set), "no expiry time (exp)");
  }

  @Test
  void refusesATokenNotValidYet() {
    JWTClaimsSet set = claims().notBeforeTime(Date.from(NOW.plusSeconds(120))).build();

    assertRefused(TestTokens.sign(EC, JWSAlgorithm.ES256, set), "not valid yet (nbf)");
  }

  @Test
  void refusesAWrongSignature() {
    ECKey impostor = TestTokens.ecKey("ec-1"); // same key id, another key

    assertRefused(
        TestTokens.sign(impostor, JWSAlgorithm.ES256, claims().build()),
        "signature does not verify against the trusted keys");
  }

  @Test
  void refusesATamperedPayload() {
    String token = TestTokens.sign(EC, JWSAlgorithm.ES256, claims().build());
    String other = TestTokens.sign(EC, JWSAlgorithm.ES256, claims().claim("organization", "B82002").build());
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + other.split("\\.")[1] + "." + parts[2];

    assertRefused(tampered, "signature does not verify");
  }

  @Test
  void refusesAKeyItDoesNotTrust() {
    ECKey unknown = TestTokens.ecKey("ec-unknown");

    assertRefused(TestTokens.sign(unknown, JWSAlgorithm.ES256, claims().build()), "token refused");
  }

  @Test
  void refusesAlgNone() {
    String unsigned = new PlainJWT(claims().build()).serialize();

    assertRefused(unsigned, "unsigned token (alg none) refused");
  }

  @Test
  void refusesHmacKeyedWithTheTrustedPublicKey() throws JOSEException {
    // The classic confusion attack: HS256 with the RSA public key's bytes as the shared secret.
    byte[] publicKeyBytes = RSA.toRSAPublicKey().getEncoded();
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), claims().build());
    jwt.sign(new MACSigner(publicKeyBytes));

    assertRefused(jwt.serialize(), "token algorithm HS256 refused: only ES256, RS256 are accepted");
  }

  @Test
  void refusesOtherAsymmetricAlgorithms() {
    assertRefused(TestTokens.sign(RSA, JWSAlgorithm.RS512, claims().build()), "token algorithm RS512 refused");
  }

  @Test
  void refusesAWrongIssuer() {
    JWTClaimsSet set = claims().issuer("https://evil.example/auth").build();

    assertRefused(TestTokens.sign(EC, JWSAlgorithm.ES256, set), "token issuer (iss) is not the trusted issuer");
  }

  @Test
  void refusesAWrongAudience() {
    JWTClaimsSet set = claims().audience("https://other-server.example/fhir").build();

    assertRefused(
        TestTokens.sign(EC, JWSAlgorithm.ES256, set), "token audience (aud) does not name " + AUDIENCE);
  }

  @Test
  void acceptsTheAudienceAmongSeveral() {
    JWTClaimsSet set = claims().audience(List.of("https://other.example/fhir", AUDIENCE)).build();

    assertThat(accept(TestTokens.sign(EC, JWSAlgorithm.ES256, set)).organization()).isEqualTo("A81001");
  }

  @Test
  void refusesAMissingOrganization() {
    JWTClaimsSet set = claims().claim("organization", null).build();

    assertRefused(TestTokens.sign(EC, JWSAlgorithm.ES256, set), "token has no organization claim");
  }

  @Test
  void refusesAnOrganizationOfAnotherShape() {
    JWTClaimsSet set = claims().claim("organization", "Practitioner/123").build();

    assertRefused(
        TestTokens.sign(EC, JWSAlgorithm.ES256, set),
        "organization claim is neither an ODS code nor Organization/<id>");
  }

  @Test
  void refusesATokenNamingNoClient() {
    JWTClaimsSet set = claims().claim("client_id", null).subject(null).build();

    assertRefused(TestTokens.sign(EC, JWSAlgorithm.ES256, set), "token names no client");
  }

  @Test
  void aTokenWithoutScopeGrantsNothing() {
    JWTClaimsSet set = claims().claim("scope", null).build();

    Caller caller = accept(TestTokens.sign(EC, JWSAlgorithm.ES256, set));

    assertThat(caller.scopes()).isEmpty();
    assertThat(caller.allows("ServiceRequest", Caller.Permission.READ)).isFalse();
  }

  @Test
  void aTokenAcceptedBeforeIsRefusedOnceItExpires() {
    Instant[] now = {NOW};
    Clock moving =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    JwtAuthenticator remembering =
        new JwtAuthenticator(new ImmutableJWKSet<>(TestTokens.publicSet(EC, RSA)), () -> ISSUER, () -> AUDIENCE, moving);
    String token = TestTokens.sign(EC, JWSAlgorithm.ES256, claims().expirationTime(Date.from(NOW.plusSeconds(60))).build());

    assertThat(remembering.authenticate("Bearer " + token).organization()).isEqualTo("A81001");
    assertThat(remembering.authenticate("Bearer " + token).organization()).isEqualTo("A81001");
    now[0] = NOW.plusSeconds(91);

    assertThatThrownBy(() -> remembering.authenticate("Bearer " + token))
        .isInstanceOf(AuthenticationFailure.class)
        .hasMessageContaining("token expired (exp)");
  }

  @Test
  void aRememberedTokenStillNeedsItsExactSignature() {
    String token = TestTokens.sign(EC, JWSAlgorithm.ES256, claims().build());
    accept(token);
    String[] parts = token.split("\\.");
    String otherSignature = parts[2].charAt(0) == 'A' ? "B" + parts[2].substring(1) : "A" + parts[2].substring(1);

    assertRefused(parts[0] + "." + parts[1] + "." + otherSignature, "signature");
  }
}
