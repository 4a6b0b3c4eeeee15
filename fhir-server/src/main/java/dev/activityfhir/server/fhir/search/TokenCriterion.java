package dev.activityfhir.server.fhir.search;

import org.jspecify.annotations.Nullable;

/**
 * A FHIR token value: {@code system|code}, {@code code} (any system) or {@code system|} (any code).
 *
 * @param system the system, or null for any
 * @param code the code, or null for any
 */
public record TokenCriterion(@Nullable String system, @Nullable String code) {


  /** Whether one {@code system|code} token matches. */
  public boolean matches(String token) {
    int bar = token.indexOf('|');
    if (system != null && (bar != system.length() || !token.startsWith(system))) {
      return false;
    }
    return code == null || (token.length() - bar - 1 == code.length() && token.endsWith(code));
  }
}
