package dev.activityfhir.server.auth;

/**
 * A refused token request, answered as RFC 6749 error JSON ({@code {"error": ..., "error_description": ...}}):
 * {@code invalid_client} with 401, the others with 400. The description names the rule, never a secret.
 */
public final class OAuthError extends Exception {

  private static final long serialVersionUID = 1L;

  private final String error;
  private final int status;

  private OAuthError(String error, int status, String description) {
    super(description, null, false, false);
    this.error = error;
    this.status = status;
  }

  /** The client could not be authenticated: unknown, bad assertion, replayed. */
  public static OAuthError invalidClient(String description) {
    return new OAuthError("invalid_client", 401, description);
  }

  /** A parameter is missing, repeated or malformed. */
  public static OAuthError invalidRequest(String description) {
    return new OAuthError("invalid_request", 400, description);
  }

  /** A requested scope is not among the client's allowed scopes. */
  public static OAuthError invalidScope(String description) {
    return new OAuthError("invalid_scope", 400, description);
  }

  /** An authorization code that is unknown, used, expired, or not bound to this client, redirect or verifier. */
  public static OAuthError invalidGrant(String description) {
    return new OAuthError("invalid_grant", 400, description);
  }

  /** A grant type this server does not issue tokens for. */
  public static OAuthError unsupportedGrantType(String description) {
    return new OAuthError("unsupported_grant_type", 400, description);
  }

  /** The OAuth error code. */
  public String error() {
    return error;
  }

  /** The HTTP status to answer with. */
  public int status() {
    return status;
  }
}
