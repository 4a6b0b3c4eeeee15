package dev.activityfhir.server.referral.web;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.activityfhir.server.auth.Caller;
import org.jspecify.annotations.Nullable;

/** The caller {@link CallerInterceptor} established for a request. */
public final class Callers {

  static final String KEY = Callers.class.getName() + ".caller";

  private Callers() {}

  /** The authenticated caller; every referral request has one by the time a provider runs. */
  public static Caller of(RequestDetails request) {
    Object caller = request.getUserData().get(KEY);
    if (caller instanceof Caller known) {
      return known;
    }
    throw new IllegalStateException("request reached a referral provider unauthenticated");
  }

  /** The caller, or null when the request was refused before one was established. */
  public static @Nullable Caller find(RequestDetails request) {
    return request.getUserData().get(KEY) instanceof Caller known ? known : null;
  }
}
