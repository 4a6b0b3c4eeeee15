package dev.activityfhir.server.web;

import dev.activityfhir.conformance.ConformanceResources;
import dev.activityfhir.conformance.PackageId;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GET /fhir/package.tgz}: the server's FHIR NPM package (profiles, extensions, search
 * parameters, code systems, value sets, ImplementationGuide, CapabilityStatement), the same file
 * the build publishes, for validators and IG tools to load. The ETag is the package version.
 */
public final class FhirPackageServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient ConformanceResources resources;

  public FhirPackageServlet(ConformanceResources resources) {
    this.resources = resources;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    PackageId id = resources.packageId();
    String etag = "\"" + id.version() + "\"";
    response.setHeader("ETag", etag);
    if (etag.equals(request.getHeader("If-None-Match"))) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    byte[] tgz;
    try (InputStream in = resources.packageTgz()) {
      tgz = in.readAllBytes();
    }
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/gzip");
    response.setHeader("Content-Disposition", "attachment; filename=\"" + id.fileName() + "\"");
    response.setContentLength(tgz.length);
    response.getOutputStream().write(tgz);
  }
}
