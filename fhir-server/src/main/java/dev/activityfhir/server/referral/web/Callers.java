package dev.activityfhir.server.referral.web;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.activityfhir.server.auth.Caller;

/** The caller {@link CallerInterceptor} established for a request. */
final class Callers {

  static final String KEY = Callers.class.getName() + ".caller";

  private Callers() {}

  /** The authenticated caller; every referral request has one by the time a provider runs. */
  static Caller of(RequestDetails request) {
    Object caller = request.getUserData().get(KEY);
    if (caller instanceof Caller known) {
      return known;
    }
    throw new IllegalStateException("request reached a referral provider unauthenticated");
  }
}
