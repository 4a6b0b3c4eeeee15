package dev.activityfhir.server.fhir.bulk;

import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.web.OperationOutcomeJson;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.hl7.fhir.r4.model.InstantType;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /fhir/$bulk-publish}: the SMART Scheduling Links manifest ({@code transactionTime}, {@code request},
 * one {@code output} each of Location, Schedule and Slot, {@code error}), and {@code GET
 * /fhir/$bulk-publish/<Type>.ndjson}: each file, streamed from the index. {@code _since} (a FHIR instant) on the
 * manifest is carried into its file URLs and limits each file to the resources changed since; a client polls
 * with the previous manifest's {@code transactionTime} as {@code _since}. Public and read-only, as the directory.
 */
public final class BulkPublishServlet extends HttpServlet {

  /** Where the servlet is mounted. */
  public static final String PATH_SPEC = "/fhir/$bulk-publish/*";

  private static final String NDJSON = "application/fhir+ndjson";
  private static final JsonFactory JSON = new JsonFactory();

  private final transient ResourceIndex index;
  private final transient NdjsonExport export;
  private final transient BooleanSupplier ready;

  /** Publishes {@code index}; answers 503 while {@code ready} is false (the stored data is still loading). */
  public BulkPublishServlet(ResourceIndex index, BooleanSupplier ready) {
    this.index = index;
    this.export = new NdjsonExport(index);
    this.ready = ready;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    for (String name : request.getParameterMap().keySet()) {
      if (!name.equals("_since")) {
        problem(response, 400, "Unknown parameter '" + name + "' for $bulk-publish; accepted: _since", name);
        return;
      }
    }
    String since = request.getParameter("_since");
    long sinceMillis = Long.MIN_VALUE;
    if (since != null) {
      Optional<Long> parsed = instant(since);
      if (parsed.isEmpty()) {
        problem(
            response, 400, "Invalid value for parameter '_since': expected an instant such as 2026-12-08T09:00:00Z",
            "_since");
        return;
      }
      sinceMillis = parsed.get();
    }
    if (!ready.getAsBoolean()) {
      response.setHeader("Retry-After", "5");
      problem(response, 503, "The directory is still loading its stored data", null);
      return;
    }
    String file = request.getPathInfo();
    if (file == null || file.equals("/")) {
      manifest(request, response, since);
      return;
    }
    Optional<BulkFile> named = BulkFile.named(file.substring(1));
    if (named.isEmpty()) {
      problem(response, 404, "No bulk file " + file.substring(1) + "; the manifest lists them", null);
      return;
    }
    response.setContentType(NDJSON);
    response.setCharacterEncoding("UTF-8");
    try (OutputStream out = new BufferedOutputStream(response.getOutputStream(), 64 * 1024)) {
      export.write(named.get(), sinceMillis, out);
    }
  }

  private void manifest(HttpServletRequest request, HttpServletResponse response, @Nullable String since)
      throws IOException {
    // Taken before the files are read: a change arriving meanwhile is listed again by the next poll, never lost.
    long transactionMillis = index.history("Location", Long.MAX_VALUE, null).asOfMillis();
    String self = request.getRequestURL().toString();
    String query = since == null ? "" : "?_since=" + URLEncoder.encode(since, StandardCharsets.UTF_8);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    try (JsonGenerator json = JSON.createGenerator(response.getOutputStream())) {
      json.writeStartObject();
      json.writeStringField("transactionTime", Instant.ofEpochMilli(transactionMillis).toString());
      json.writeStringField("request", self + query);
      json.writeBooleanField("requiresAccessToken", false);
      json.writeArrayFieldStart("output");
      String base = self.endsWith("/") ? self : self + "/";
      for (BulkFile file : BulkFile.ALL) {
        json.writeStartObject();
        json.writeStringField("type", file.type());
        json.writeStringField("url", base + file.fileName() + query);
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("error");
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  private static Optional<Long> instant(String value) {
    try {
      InstantType instant = new InstantType(value);
      return instant.getValue() == null ? Optional.empty() : Optional.of(instant.getValue().getTime());
    } catch (DataFormatException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static void problem(HttpServletResponse response, int status, String diagnostics, @Nullable String at)
      throws IOException {
    byte[] body = OperationOutcomeJson.of(status, diagnostics, at);
    response.setStatus(status);
    response.setContentType(OperationOutcomeJson.CONTENT_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
