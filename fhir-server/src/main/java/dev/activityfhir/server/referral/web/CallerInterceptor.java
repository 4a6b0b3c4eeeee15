package dev.activityfhir.server.referral.web;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.activityfhir.server.auth.Authenticator;
import dev.activityfhir.server.auth.Caller;

/**
 * Authenticates every referral-side request before anything else answers it or reads its body: no valid token, no
 * answer but 401. The caller is kept on the request for the providers and the paging provider.
 */
@Interceptor
public final class CallerInterceptor {

  private final Authenticator authenticator;

  public CallerInterceptor(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -1000)
  public boolean authenticate(RequestDetails request) {
    Caller caller = authenticator.authenticate(request.getHeader("Authorization"));
    request.getUserData().put(Callers.KEY, caller);
    return true;
  }
}
