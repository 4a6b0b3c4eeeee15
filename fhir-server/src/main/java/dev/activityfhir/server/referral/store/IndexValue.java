package dev.activityfhir.server.referral.store;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One value of a search parameter for a stored resource.
 *
 * @param param the search parameter name, e.g. {@code identifier}
 * @param system a token's system; null for other kinds
 * @param value a token's code, a reference ({@code Patient/123}) or a string in lower case; null for a date
 * @param low a date's first millisecond (inclusive); 0 for other kinds
 * @param high a date's last millisecond (inclusive); 0 for other kinds
 */
public record IndexValue(String param, @Nullable String system, @Nullable String value, long low, long high) {

  public IndexValue {
    Objects.requireNonNull(param, "param");
  }

  /** A token: {@code system|code}, or a code without system when system is null. */
  public static IndexValue token(String param, @Nullable String system, String code) {
    return new IndexValue(param, system, code, 0, 0);
  }

  /** A reference, by {@code Type/id}. */
  public static IndexValue reference(String param, String typeAndId) {
    return new IndexValue(param, null, typeAndId, 0, 0);
  }

  /** A string, matched case-insensitively by prefix. */
  public static IndexValue string(String param, String text) {
    return new IndexValue(param, null, text.toLowerCase(Locale.ROOT), 0, 0);
  }

  /** A date or date-time, as the millisecond range its precision covers. */
  public static IndexValue date(String param, long low, long high) {
    return new IndexValue(param, null, null, low, high);
  }
}
