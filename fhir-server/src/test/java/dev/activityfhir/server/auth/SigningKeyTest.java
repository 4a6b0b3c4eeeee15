package dev.activityfhir.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {

  @TempDir Path dataDir;

  @Test
  void createsAnOwnerOnlyKeyOnFirstUseAndReusesIt() throws Exception {
    SigningKey first = SigningKey.loadOrCreate(dataDir.resolve("nested"));
    Path file = dataDir.resolve("nested").resolve(SigningKey.FILE_NAME);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file)).contains("\"d\"").contains("\"crv\":\"P-256\"");
    SigningKey again = SigningKey.loadOrCreate(dataDir.resolve("nested"));
    assertThat(again.publicJwks().toString()).isEqualTo(first.publicJwks().toString());
    try (var listing = Files.list(dataDir.resolve("nested"))) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly(SigningKey.FILE_NAME);
    }
  }

  @Test
  void publishesOnlyThePublicHalf() {
    SigningKey key = SigningKey.loadOrCreate(dataDir);

    assertThat(key.publicJwks().getKeys()).singleElement().satisfies(jwk -> assertThat(jwk.isPrivate()).isFalse());
    assertThat(key.publicJwks().toString()).doesNotContain("\"d\"");
  }

  @Test
  void aTokenItSignsVerifiesAgainstItsPublicKeysAfterARestart() {
    Instant now = Instant.now();
    JWTClaimsSet claims = TestTokens.accessClaims("iss", "aud", now).build();
    String token = SigningKey.loadOrCreate(dataDir).sign(claims);

    SigningKey reloaded = SigningKey.loadOrCreate(dataDir);
    Caller caller =
        new JwtAuthenticator(reloaded.publicKeys(), () -> "iss", () -> "aud", Clock.systemUTC())
            .authenticate("Bearer " + token);

    assertThat(caller.organization()).isEqualTo("A81001");
    assertThat(claims.getExpirationTime()).isAfter(Date.from(now));
  }
}
