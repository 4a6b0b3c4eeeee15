package dev.activityfhir.server.harvest;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A successfully fetched HTTP body.
 *
 * @param url the URL fetched
 * @param contentType the {@code Content-Type} header, or empty
 * @param body the body bytes
 */
public record FetchedDocument(String url, String contentType, byte[] body) {

  /**
   * True when the body is HTML (an OpenActive dataset site) rather than JSON (an RPDE page): by content type,
   * else by the first non-blank character.
   */
  public boolean isHtml() {
    String type = contentType.toLowerCase(Locale.ROOT);
    if (type.contains("html")) {
      return true;
    }
    if (type.contains("json")) {
      return false;
    }
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return b == '<';
      }
    }
    return false;
  }

  /** The body as UTF-8 text. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
