package dev.activityfhir.server.web;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpStatus;
import org.jspecify.annotations.Nullable;

/**
 * The body of an error that Jetty answers itself (an unparseable URI, an unknown method, oversized headers, a bad
 * form body): an OperationOutcome under the API paths, one plain line elsewhere. Never a stack trace, an exception
 * name or a version: Jetty's own message is passed on only when it is a short plain sentence.
 */
public final class ErrorBodies {

  /** What Jetty's messages may contain to be passed on: words, not class names, stack frames or markup. */
  private static final Pattern PLAIN_MESSAGE = Pattern.compile("[A-Za-z0-9 ,:;'()/_-]{1,120}");

  private ErrorBodies() {}

  /**
   * An error body.
   *
   * @param contentType its content type
   * @param bytes the body
   */
  public record Body(String contentType, byte[] bytes) {}

  /** The body for {@code status} on a request for {@code path} (null when unknown: an OperationOutcome). */
  public static Body of(@Nullable String path, int status, @Nullable String message) {
    String text = describe(status, message);
    if (path == null || path.equals("/fhir") || path.startsWith("/fhir/")) {
      return new Body(OperationOutcomeJson.CONTENT_TYPE, OperationOutcomeJson.of(status, text));
    }
    return new Body("text/plain;charset=utf-8", (status + " " + text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** The status's reason phrase, followed by Jetty's message when that is a plain sentence saying more. */
  static String describe(int status, @Nullable String message) {
    String reason = HttpStatus.getMessage(status);
    if (message == null || message.equalsIgnoreCase(reason) || !PLAIN_MESSAGE.matcher(message).matches()) {
      return reason;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("exception") || lower.contains("jetty") || lower.contains("java")) {
      return reason;
    }
    return reason + ": " + message;
  }
}
