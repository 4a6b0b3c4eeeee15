package dev.activityfhir.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * {@code GET /health}: answers 200 as soon as the port is open, with the server's and each feed's state. It never
 * answers an error status for a failing feed: the server keeps serving its last good data, and the JSON says so.
 */
public final class HealthServlet extends HttpServlet {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .setSerializationInclusion(JsonInclude.Include.ALWAYS);

  private final transient Supplier<HealthReport> reports;

  public HealthServlet(Supplier<HealthReport> reports) {
    this.reports = reports;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    JSON.writeValue(response.getOutputStream(), reports.get());
  }
}
