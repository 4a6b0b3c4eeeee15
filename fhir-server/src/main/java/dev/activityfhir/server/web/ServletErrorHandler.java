package dev.activityfhir.server.web;

import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The servlet context's error handler, for errors the servlet layer answers ({@code sendError}, an ambiguous URI,
 * a form body it cannot read, a servlet that threw): the same body as {@link ApiErrorHandler}.
 */
public final class ServletErrorHandler extends ErrorHandler {

  public ServletErrorHandler() {
    setShowStacks(false);
    setShowCauses(false);
    setShowOrigin(false);
  }

  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected boolean generateAcceptableResponse(
      Request request,
      Response response,
      Callback callback,
      String contentType,
      List<Charset> charsets,
      int code,
      String message,
      Throwable cause) {
    ApiErrorHandler.write(response, callback, code, message, Request.getPathInContext(request));
    // As Jetty's own servlet error handler does once its page is written.
    ServletContextRequest servletRequest = Request.as(request, ServletContextRequest.class);
    if (servletRequest != null) {
      servletRequest.getServletChannel().sendErrorResponseAndComplete();
    }
    return true;
  }
}
