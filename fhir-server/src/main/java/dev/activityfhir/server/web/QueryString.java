package dev.activityfhir.server.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Parses an {@code application/x-www-form-urlencoded} text (a query string or a form body) strictly, so that what
 * HAPI and Jetty parse after it cannot fail: every {@code %} starts two hex digits, the escaped bytes are UTF-8,
 * no name or value holds a control character (a null byte included), and there are at most {@link
 * #MAX_PARAMETERS} parameters. One pass over the text, no regular expression.
 */
public final class QueryString {

  /** More parameters than any search needs: a request with more is refused rather than parsed. */
  public static final int MAX_PARAMETERS = 100;

  private QueryString() {}

  /** Why a query string or form body was refused; the message is fit for a client. */
  public static final class MalformedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The parameters of {@code text} in order (names to values; {@code +} is a space), appended to {@code into}.
   *
   * @throws MalformedException when the text is not well-formed or has too many parameters
   */
  public static Map<String, List<String>> parse(@Nullable String text, Map<String, List<String>> into) {
    if (text == null || text.isEmpty()) {
      return into;
    }
    int count = into.values().stream().mapToInt(List::size).sum();
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('&', start);
      if (end < 0) {
        end = text.length();
      }
      if (end > start) {
        if (++count > MAX_PARAMETERS) {
          throw new MalformedException("Too many parameters: at most " + MAX_PARAMETERS + " are accepted");
        }
        int equals = text.indexOf('=', start);
        boolean hasValue = equals >= 0 && equals < end;
        String name = decode(text, start, hasValue ? equals : end);
        String value = hasValue ? decode(text, equals + 1, end) : "";
        into.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
      }
      start = end + 1;
    }
    return into;
  }

  /** {@link #parse(String, Map)} into a new map. */
  public static Map<String, List<String>> parse(@Nullable String text) {
    return parse(text, new LinkedHashMap<>());
  }

  private static String decode(String text, int from, int to) {
    StringBuilder out = null;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '%' || c == '+' || c < 0x20 || c == 0x7f) {
        out = new StringBuilder(to - from);
        out.append(text, from, i);
        decodeFrom(text, i, to, out);
        break;
      }
    }
    String decoded = out == null ? text.substring(from, to) : out.toString();
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new MalformedException("Control character (code " + (int) c + ") in a parameter");
      }
    }
    return decoded;
  }

  private static void decodeFrom(String text, int from, int to, StringBuilder out) {
    int i = from;
    while (i < to) {
      char c = text.charAt(i);
      if (c == '+') {
        out.append(' ');
        i++;
      } else if (c == '%') {
        ByteBuffer bytes = ByteBuffer.allocate((to - i) / 3 + 1);
        while (i < to && text.charAt(i) == '%') {
          if (i + 2 >= to) {
            throw malformedEscape(text, i, to);
          }
          int high = Character.digit(text.charAt(i + 1), 16);
          int low = Character.digit(text.charAt(i + 2), 16);
          if (high < 0 || low < 0) {
            throw malformedEscape(text, i, to);
          }
          bytes.put((byte) (high << 4 | low));
          i += 3;
        }
        bytes.flip();
        out.append(utf8(bytes));
      } else {
        out.append(c);
        i++;
      }
    }
  }

  private static CharBuffer utf8(ByteBuffer bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(bytes);
    } catch (CharacterCodingException e) {
      throw new MalformedException("Percent-encoded bytes that are not UTF-8 in a parameter");
    }
  }

  private static MalformedException malformedEscape(String text, int at, int to) {
    String escape = text.substring(at, Math.min(at + 3, to));
    return new MalformedException(
        "Malformed percent-encoding '" + escape + "': '%' must be followed by two hex digits (write %25 for '%')");
  }
}
