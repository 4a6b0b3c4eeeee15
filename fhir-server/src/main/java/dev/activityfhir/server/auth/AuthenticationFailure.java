package dev.activityfhir.server.auth;

/**
 * A request's credentials do not prove a caller: no token, a malformed one, or one that fails validation. Answered
 * 401 with a {@code WWW-Authenticate: Bearer} challenge. The message names the rule broken, never the token.
 */
public final class AuthenticationFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AuthenticationFailure(String message) {
    super(message, null, false, false);
  }
}
