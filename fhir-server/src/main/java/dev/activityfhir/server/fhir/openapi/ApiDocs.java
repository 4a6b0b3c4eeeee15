package dev.activityfhir.server.fhir.openapi;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves the OpenAPI description ({@code /fhir/api-docs}) and the Swagger UI page ({@code /fhir/swagger-ui/}) that
 * HAPI's {@link OpenApiInterceptor} generates from the CapabilityStatement; the page's scripts and styles come
 * from the swagger-ui webjar in the jar, so it works offline.
 */
public final class ApiDocs {

  /** Where the page lives, below the FHIR base. */
  public static final String PAGE_PATH = "/fhir/swagger-ui/";

  /**
   * The page's policy in place of the API's {@code default-src 'none'}: its own scripts, styles and images, and
   * its calls to this server; inline script and styles, which HAPI's page template uses (it shows no client data).
   */
  public static final String PAGE_POLICY =
      "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
          + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

  private ApiDocs() {}

  /** Registers the page's policy, then HAPI's generator, on {@code server}. */
  public static void register(RestfulServer server) {
    server.registerInterceptor(new ApiDocs.PagePolicy());
    server.registerInterceptor(new OpenApiInterceptor());
  }

  /** Puts {@link #PAGE_POLICY} on the page and its assets before HAPI's generator answers them. */
  public static final class PagePolicy {

    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED, order = -100)
    public boolean relaxForThePage(HttpServletRequest request, HttpServletResponse response) {
      String path = request.getRequestURI();
      if (path != null && path.startsWith(PAGE_PATH)) {
        response.setHeader("Content-Security-Policy", PAGE_POLICY);
      }
      return true;
    }
  }
}
