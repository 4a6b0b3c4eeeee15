package dev.activityfhir.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PkceTest {

  /** RFC 7636 appendix B. */
  private static final String RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  private static final String RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

  @Test
  void theRfcExampleVerifies() {
    assertThat(Pkce.challengeOf(RFC_VERIFIER)).isEqualTo(RFC_CHALLENGE);
    assertThat(Pkce.isChallenge(RFC_CHALLENGE)).isTrue();
    assertThat(Pkce.verifies(RFC_VERIFIER, RFC_CHALLENGE)).isTrue();
  }

  @Test
  void anotherOrMalformedVerifierDoesNot() {
    assertThat(Pkce.verifies(RFC_VERIFIER.replace('d', 'e'), RFC_CHALLENGE)).isFalse();
    assertThat(Pkce.verifies("short", Pkce.challengeOf("short"))).as("under 43 characters").isFalse();
    String tooLong = "a".repeat(129);
    assertThat(Pkce.verifies(tooLong, Pkce.challengeOf(tooLong))).as("over 128 characters").isFalse();
    assertThat(Pkce.verifies(RFC_CHALLENGE, RFC_CHALLENGE)).as("plain: the challenge as verifier").isFalse();
    assertThat(Pkce.isChallenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c")).isFalse();
    assertThat(Pkce.isChallenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM")).isFalse();
  }
}
