package dev.activityfhir.server.auth;

import org.jspecify.annotations.Nullable;

/** What the authorization endpoint answers a browser with. */
public sealed interface SignInOutcome {

  /**
   * Show the sign-in form for a pending request.
   *
   * @param requestId the one-time id the form posts back, tying the post to this request
   * @param request the request
   * @param error a message for the person (wrong name or password), or null
   * @param username the name to fill in again after an error, or null
   */
  record Form(String requestId, AuthorizationRequest request, @Nullable String error, @Nullable String username)
      implements SignInOutcome {}

  /**
   * Send the browser back to the client.
   *
   * @param location the redirect URI with {@code code} and {@code state}, or {@code error} and {@code state}
   */
  record Redirect(String location) implements SignInOutcome {}

  /**
   * Show an error page and go nowhere: the client or redirect URI cannot be trusted with a redirect (RFC 6749
   * 4.1.2.1), or the request has expired.
   *
   * @param status the HTTP status
   * @param message what to tell the person
   */
  record Stop(int status, String message) implements SignInOutcome {}
}
