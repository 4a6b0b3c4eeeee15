package dev.activityfhir.server.web;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Puts the {@link SecurityHeaders} on every response of the handlers it wraps. */
public final class SecurityHeadersHandler extends Handler.Wrapper {

  public SecurityHeadersHandler(Handler handler) {
    super(handler);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    SecurityHeaders.apply(response.getHeaders(), path == null ? "/" : path);
    return super.handle(request, response, callback);
  }
}
