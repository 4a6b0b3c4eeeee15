package dev.activityfhir.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in authorization server's signing key: an EC P-256 key (ES256) kept as a JWK in {@code
 * DATA_DIR/auth-signing-key.jwk}, readable by its owner only. Created on first use and reused after, so tokens
 * outlive a restart and the {@code token} command signs with the key the server trusts.
 */
public final class SigningKey {

  private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

  /** The key file's name in {@code DATA_DIR}. */
  public static final String FILE_NAME = "auth-signing-key.jwk";

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final ECKey key;

  private SigningKey(ECKey key) {
    this.key = key;
  }

  /** Reads the key from {@code dataDir}, or creates it there (mode 600) when there is none. */
  public static SigningKey loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(dataDir);
        create(file);
      }
      return new SigningKey(read(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the signing key " + file, e);
    }
  }

  /**
   * Writes a new key beside {@code file} and links it into place, which fails if another process (the server and
   * the {@code token} command may start together) got there first: then its key is kept and used.
   */
  private static void create(Path file) throws IOException {
    ECKey generated;
    try {
      generated = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint(true).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot generate an EC P-256 key", e);
    }
    Path temporary = file.resolveSibling(FILE_NAME + "." + ProcessHandle.current().pid() + ".tmp");
    Files.deleteIfExists(temporary);
    createOwnerOnly(temporary);
    try {
      Files.writeString(temporary, generated.toJSONString(), StandardCharsets.UTF_8);
      Files.createLink(file, temporary);
      log.info("Created the authorization server's signing key {}", file);
    } catch (FileAlreadyExistsException e) {
      // Another process created it first: use that one.
    } catch (UnsupportedOperationException | FileSystemException e) {
      // No hard links here: a plain move, which does not replace an existing key either.
      if (!Files.exists(file)) {
        Files.move(temporary, file);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void createOwnerOnly(Path path) throws IOException {
    try {
      Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      Files.createFile(path); // not a POSIX file system
    }
  }

  private static ECKey read(Path file) throws IOException {
    try {
      if (Files.getFileStore(file).supportsFileAttributeView("posix")
          && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
        log.warn("The signing key {} is readable by others: restrict it to its owner (chmod 600)", file);
      }
      ECKey key = ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (!key.isPrivate() || !Curve.P_256.equals(key.getCurve())) {
        throw new IllegalStateException("The signing key " + file + " is not a private EC P-256 key");
      }
      return key;
    } catch (ParseException e) {
      throw new IllegalStateException("The signing key " + file + " is not a JWK: remove it to make a new one", e);
    }
  }

  /** The public half, as served at {@code /auth/jwks.json}. */
  public JWKSet publicJwks() {
    return new JWKSet(key.toPublicJWK());
  }

  /** The public half as a key source, for {@link JwtAuthenticator}. */
  public JWKSource<SecurityContext> publicKeys() {
    return new ImmutableJWKSet<>(publicJwks());
  }

  /** Signs {@code claims} as an ES256 JWT naming this key's id; returns its compact form. */
  public String sign(JWTClaimsSet claims) {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot sign with the EC key", e);
    }
    return jwt.serialize();
  }
}
