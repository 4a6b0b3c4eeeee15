package dev.activityfhir.server.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Sign-in passwords as the JDK's PBKDF2 with HMAC-SHA-256 keeps them, in the form {@code
 * pbkdf2-sha256$<iterations>$<salt>$<hash>} (salt and hash in unpadded Base64): a random 16-byte salt, a 32-byte
 * hash and, by default, OWASP's 600,000 iterations. A stored hash keeps its own iteration count, so older ones still
 * verify after the default rises.
 */
public final class PasswordHash {

  /** The prefix of every stored hash. */
  public static final String SCHEME = "pbkdf2-sha256";

  /** OWASP's recommendation for PBKDF2-HMAC-SHA-256 (2023). */
  public static final int DEFAULT_ITERATIONS = 600_000;

  /** Fewer iterations than this make a stored hash cheap to crack: such a users file is refused. */
  public static final int MIN_ITERATIONS = 100_000;

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** Hashes {@code password} with a new random salt and the default iterations. */
  public static String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new PasswordHash(DEFAULT_ITERATIONS, salt, derive(password, salt, DEFAULT_ITERATIONS)).encoded();
  }

  /**
   * Reads a stored hash.
   *
   * @throws IllegalArgumentException naming what is wrong with it (never echoing it)
   */
  public static PasswordHash parse(String encoded) {
    String[] parts = encoded.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      throw new IllegalArgumentException("a password hash must read " + SCHEME + "$<iterations>$<salt>$<hash>");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the password hash's iteration count is not a number");
    }
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException("the password hash has fewer than " + MIN_ITERATIONS + " iterations");
    }
    byte[] salt;
    byte[] hash;
    try {
      salt = Base64.getDecoder().decode(parts[2]);
      hash = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the password hash's salt or hash is not Base64");
    }
    if (salt.length < SALT_BYTES || hash.length != HASH_BYTES) {
      throw new IllegalArgumentException(
          "the password hash needs a salt of at least " + SALT_BYTES + " bytes and a hash of " + HASH_BYTES);
    }
    return new PasswordHash(iterations, salt, hash);
  }

  /** Whether {@code password} is the one hashed; compares in constant time. */
  public boolean matches(char[] password) {
    return MessageDigest.isEqual(hash, derive(password, salt, iterations));
  }

  /** The stored form. */
  public String encoded() {
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret((KeySpec) spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
    } finally {
      spec.clearPassword();
    }
  }

  @Override
  public String toString() {
    return SCHEME + "$" + iterations + "$…"; // never the hash itself in a log
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PasswordHash that
        && iterations == that.iterations
        && Arrays.equals(salt, that.salt)
        && Arrays.equals(hash, that.hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }
}
