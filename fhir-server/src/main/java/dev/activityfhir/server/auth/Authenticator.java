package dev.activityfhir.server.auth;

import org.jspecify.annotations.Nullable;

/** Turns a request's {@code Authorization} header into the {@link Caller} it proves, or refuses it. */
@FunctionalInterface
public interface Authenticator {

  /**
   * @param authorizationHeader the header's whole value ({@code Bearer <JWT>}), or null when absent
   * @return the caller the token proves
   * @throws AuthenticationFailure when the header is absent, malformed, or the token is not valid here (401)
   */
  Caller authenticate(@Nullable String authorizationHeader);
}
