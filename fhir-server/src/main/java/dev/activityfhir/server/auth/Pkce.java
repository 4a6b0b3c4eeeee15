package dev.activityfhir.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Proof Key for Code Exchange (RFC 7636), S256 only: the authorization request carries {@code
 * BASE64URL(SHA-256(code_verifier))}, the token request the verifier itself. {@code plain} is refused: it protects
 * nothing once the request is seen.
 */
public final class Pkce {

  /** The only method accepted. */
  public static final String S256 = "S256";

  /** RFC 7636 4.1: 43 to 128 unreserved characters. */
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

  /** A SHA-256 digest in unpadded Base64url: 43 characters. */
  private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

  private Pkce() {}

  /** Whether {@code challenge} has the shape of an S256 challenge. */
  public static boolean isChallenge(String challenge) {
    return CHALLENGE.matcher(challenge).matches();
  }

  /** Whether {@code verifier} is well formed and hashes to {@code challenge}; compares in constant time. */
  public static boolean verifies(String verifier, String challenge) {
    if (!VERIFIER.matcher(verifier).matches()) {
      return false;
    }
    return MessageDigest.isEqual(
        challengeOf(verifier).getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
  }

  /** The S256 challenge of {@code verifier}. */
  public static String challengeOf(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
