package dev.activityfhir.server.web;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * The server's error handler, for errors Jetty answers before any context (a URI it cannot parse, headers too
 * large, a URI too long): an OperationOutcome ({@link ErrorBodies}), whatever the client accepts and whatever the
 * method, with the {@link SecurityHeaders}. Jetty's HTML page (with its version) is never written.
 */
public final class ApiErrorHandler extends ErrorHandler {

  public ApiErrorHandler() {
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
    // Errors here come before any context, mostly from a request line Jetty could not parse: the path it shows is
    // not the client's, so the answer is an OperationOutcome whatever it says.
    write(response, callback, code, message, null);
    return true;
  }

  /** The body of an error found while parsing the request, before there is a request to speak of. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    ErrorBodies.Body body = ErrorBodies.of(null, status, reason);
    fields.put(HttpHeader.CONTENT_TYPE, body.contentType());
    SecurityHeaders.apply(fields, "/fhir");
    return ByteBuffer.wrap(body.bytes());
  }

  /** Writes the error body for {@code path} (null: unknown), with the security headers. */
  static void write(
      Response response, Callback callback, int code, @Nullable String message, @Nullable String path) {
    ErrorBodies.Body body = ErrorBodies.of(path, code, message);
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(HttpHeader.CONTENT_TYPE, body.contentType());
    SecurityHeaders.apply(headers, path == null ? "/fhir" : path);
    response.write(true, ByteBuffer.wrap(body.bytes()), callback);
  }
}
