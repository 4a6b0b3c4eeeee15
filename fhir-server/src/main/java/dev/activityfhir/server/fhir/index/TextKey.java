package dev.activityfhir.server.fhir.index;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Normalises text the way FHIR {@code string} search compares it: case-insensitive and accent-insensitive, with
 * runs of whitespace collapsed, so that {@code "Zumba Café"} is found by {@code name=zumba cafe}.
 */
public final class TextKey {

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private TextKey() {}

  /** The comparison key of a text; the empty string for {@code null}. */
  public static String of(@Nullable String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
    String stripped = MARKS.matcher(decomposed).replaceAll("");
    return SPACES.matcher(stripped.toLowerCase(Locale.ROOT).trim()).replaceAll(" ");
  }
}
