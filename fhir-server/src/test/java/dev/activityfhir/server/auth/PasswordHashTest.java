package dev.activityfhir.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashTest {

  @Test
  void aHashVerifiesItsPasswordOnlyAndNeverShowsItself() {
    String stored = PasswordHash.hash("correct horse".toCharArray());
    assertThat(stored).startsWith("pbkdf2-sha256$600000$").doesNotContain("correct horse");
    PasswordHash hash = PasswordHash.parse(stored);
    assertThat(hash.matches("correct horse".toCharArray())).isTrue();
    assertThat(hash.matches("correct horsE".toCharArray())).isFalse();
    assertThat(hash.matches(new char[0])).isFalse();
    assertThat(hash.encoded()).isEqualTo(stored);
    assertThat(hash.toString()).isEqualTo("pbkdf2-sha256$600000$…");
    assertThat(PasswordHash.hash("correct horse".toCharArray())).as("a new salt each time").isNotEqualTo(stored);
  }

  @Test
  void aHashMadeElsewhereWithTheSameAlgorithmVerifies() {
    // Python: hashlib.pbkdf2_hmac('sha256', b'walk-and-talk', salt, 600000, 32), Base64 without padding.
    PasswordHash demo =
        PasswordHash.parse("pbkdf2-sha256$600000$wl/Iyk2wTaGwpoxKOQ7csw$Y2pofk47U7VKBIgnSGwwTOtleaE5ZD2lZJuB1whZUQY");
    assertThat(demo.matches(DemoUsers.LINK_WORKER_PASSWORD.toCharArray())).isTrue();
    assertThat(DemoUsers.ACCOUNTS.get(1).password().matches(DemoUsers.PROVIDER_PASSWORD.toCharArray())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain-text-password",
        "bcrypt$10$abc$def",
        "pbkdf2-sha256$many$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$600000$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$600000$AAAAAAAAAAAAAAAAAAAAAA$AAAA",
        "pbkdf2-sha256$600000$not base64!$AAAA"
      })
  void malformedOrWeakHashesAreRefused(String stored) {
    assertThatThrownBy(() -> PasswordHash.parse(stored)).isInstanceOf(IllegalArgumentException.class);
  }
}
