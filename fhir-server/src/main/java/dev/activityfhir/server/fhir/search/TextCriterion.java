package dev.activityfhir.server.fhir.search;

/**
 * A FHIR {@code string} search value with its modifier, compared with an indexed key made the same way (a {@link
 * dev.activityfhir.server.fhir.index.TextKey} for names, the upper-case postcode without spaces for postcodes).
 *
 * @param match how the key is compared
 * @param key the value as a key
 */
public record TextCriterion(Match match, String key) {

  /** The string modifiers. */
  public enum Match {
    /** No modifier: the indexed key starts with the value. */
    STARTS_WITH,
    /** {@code :contains}: the value occurs anywhere in the indexed key. */
    CONTAINS,
    /**
     * {@code :exact}: the indexed key equals the value; for names the original text is compared as well (case and
     * accents count), by the caller.
     */
    EXACT
  }

  /** A value without modifier. */
  public static TextCriterion startsWith(String key) {
    return new TextCriterion(Match.STARTS_WITH, key);
  }

  /** Whether an indexed key satisfies this criterion. */
  public boolean test(String indexedKey) {
    return switch (match) {
      case STARTS_WITH -> indexedKey.startsWith(key);
      case CONTAINS -> indexedKey.contains(key);
      case EXACT -> indexedKey.equals(key);
    };
  }
}
