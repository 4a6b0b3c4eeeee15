package dev.activityfhir.server.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * The OperationOutcome body of an error answered outside HAPI (by Jetty, or before HAPI parses the request): one
 * issue with the FHIR issue code for the status, a diagnostics text and, when a parameter is to blame, its name as
 * the issue's expression. Written with Jackson, so any text is escaped.
 */
public final class OperationOutcomeJson {

  /** The content type of the body. */
  public static final String CONTENT_TYPE = "application/fhir+json;charset=utf-8";

  private static final JsonFactory JSON = new JsonFactory();

  private OperationOutcomeJson() {}

  /** An OperationOutcome for {@code status} saying {@code diagnostics}. */
  public static byte[] of(int status, String diagnostics) {
    return of(status, diagnostics, null);
  }

  /**
   * An OperationOutcome for {@code status} saying {@code diagnostics}, naming {@code expression} (e.g. a parameter
   * name) when not null.
   */
  public static byte[] of(int status, String diagnostics, @Nullable String expression) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeStringField("resourceType", "OperationOutcome");
      json.writeArrayFieldStart("issue");
      json.writeStartObject();
      json.writeStringField("severity", status >= 500 ? "fatal" : "error");
      json.writeStringField("code", issueCode(status));
      json.writeStringField("diagnostics", diagnostics);
      if (expression != null) {
        json.writeArrayFieldStart("expression");
        json.writeString(expression);
        json.writeEndArray();
      }
      json.writeEndObject();
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Answers {@code status} with an OperationOutcome saying {@code diagnostics}. */
  public static void send(HttpServletResponse response, int status, String diagnostics) throws IOException {
    byte[] body = of(status, diagnostics);
    response.setStatus(status);
    response.setContentType(CONTENT_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** The FHIR {@code IssueType} code that best describes an HTTP status. */
  static String issueCode(int status) {
    return switch (status) {
      case 401 -> "login";
      case 403 -> "forbidden";
      case 404, 410 -> "not-found";
      case 405, 406, 415, 501 -> "not-supported";
      case 408, 503 -> "transient";
      case 413, 414, 431 -> "too-long";
      case 429 -> "throttled";
      default -> status >= 500 ? "exception" : "invalid";
    };
  }
}
