package dev.activityfhir.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks the syntax of every API request before HAPI sees it, answering a 4xx OperationOutcome where HAPI or Jetty
 * would otherwise fail with a 500: an unknown method (405), a query string or form body that is not well-formed
 * or has too many parameters (400, {@link QueryString}), a form body over {@link #MAX_FORM_BYTES} (413). A form
 * body is read here once and handed on, parsed, to what follows; {@code HEAD} is served as {@code GET} (Jetty
 * sends the headers and drops the body).
 */
public final class RequestSyntaxFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  /** The methods the FHIR API knows; any other answers 405. */
  public static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** The largest form body read (a search's parameters fit many times over). */
  public static final int MAX_FORM_BYTES = 64 * 1024;

  private static final String FORM = "application/x-www-form-urlencoded";

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!METHODS.contains(request.getMethod())) {
      response.setHeader("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      OperationOutcomeJson.send(response, 405, "Method not allowed");
      return;
    }
    HttpServletRequest checked = request;
    try {
      Map<String, List<String>> parameters = QueryString.parse(request.getQueryString());
      if ("POST".equals(request.getMethod()) && isForm(request)) {
        byte[] body = readBody(request);
        if (body == null) {
          OperationOutcomeJson.send(response, 413, "Form body larger than " + MAX_FORM_BYTES + " bytes");
          return;
        }
        QueryString.parse(new String(body, StandardCharsets.UTF_8), parameters);
        checked = new FormRequest(request, body, parameters);
      }
    } catch (QueryString.MalformedException e) {
      OperationOutcomeJson.send(response, 400, e.getMessage());
      return;
    }
    if ("HEAD".equals(request.getMethod())) {
      checked = new HeadAsGet(checked);
    }
    chain.doFilter(checked, response);
  }

  private static boolean isForm(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null && type.toLowerCase(Locale.ROOT).startsWith(FORM);
  }

  /** The body, or null when it is longer than {@link #MAX_FORM_BYTES}. */
  private static byte @Nullable [] readBody(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > MAX_FORM_BYTES) {
      return null;
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
      return body.length > MAX_FORM_BYTES ? null : body;
    }
  }

  /** A {@code HEAD} request, shown to the servlet as the {@code GET} it asks the headers of. */
  private static final class HeadAsGet extends HttpServletRequestWrapper {
    HeadAsGet(HttpServletRequest request) {
      super(request);
    }

    @Override
    public String getMethod() {
      return "GET";
    }
  }
}
