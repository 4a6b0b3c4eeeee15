package dev.activityfhir.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes the authorization server's JSON answers. */
final class JsonResponses {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonResponses() {}

  /** Writes {@code body} as JSON with {@code status}; token answers are never cached (RFC 6749 5.1). */
  static void write(HttpServletResponse response, int status, Object body, boolean noStore) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    if (noStore) {
      response.setHeader("Cache-Control", "no-store");
      response.setHeader("Pragma", "no-cache");
    }
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** The JSON text of {@code body}. */
  static String text(Object body) throws IOException {
    return JSON.writeValueAsString(body);
  }
}
