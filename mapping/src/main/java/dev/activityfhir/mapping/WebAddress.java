package dev.activityfhir.mapping;

import org.jspecify.annotations.Nullable;

/**
 * URLs and URIs as FHIR accepts them: publishers send addresses with spaces ({@code
 * .../listings/1#booking-adult (off-peak)}), which FHIR {@code uri}/{@code url} values may not
 * contain. Spaces become {@code %20}; other whitespace or control characters make the value
 * unusable.
 */
final class WebAddress {

  private WebAddress() {}

  static @Nullable String of(@Nullable String raw) {
    if (raw == null) {
      return null;
    }
    String value = raw.trim().replace(" ", "%20");
    if (value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c) || c < 0x20)) {
      return null;
    }
    return value;
  }
}
