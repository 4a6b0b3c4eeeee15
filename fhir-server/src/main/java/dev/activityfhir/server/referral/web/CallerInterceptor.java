package dev.activityfhir.server.referral.web;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.activityfhir.server.auth.Caller;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Hands the caller {@link ReferralRestfulServer} authenticated (before HAPI saw the request) to HAPI's request, for
 * the providers and the paging provider.
 */
@Interceptor
public final class CallerInterceptor {

  /** The servlet request attribute holding the authenticated {@link Caller}. */
  static final String ATTRIBUTE = CallerInterceptor.class.getName() + ".caller";

  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -1000)
  public boolean handOver(RequestDetails request, HttpServletRequest servletRequest) {
    if (servletRequest.getAttribute(ATTRIBUTE) instanceof Caller caller) {
      request.getUserData().put(Callers.KEY, caller);
    }
    // Without one, Callers.of refuses: no provider answers an unauthenticated request.
    return true;
  }
}
