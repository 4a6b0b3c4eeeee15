package dev.activityfhir.server.fhir.search;

import java.util.List;
import java.util.Set;

/**
 * A criterion on one match's search keys, applied by {@link Refiner} to the matches of a search (one lookup per
 * match, never a scan): {@code :not}, {@code :missing} and the ids a {@code _has} reverse chain reaches. Records,
 * so that a refinement holding them stays a cache key.
 */
public sealed interface KeyFilter {

  /** Whether the resource with this id and search keys passes. */
  boolean test(String id, Object keys);

  /**
   * {@code param:not=a,b}: the element has none of the tokens (a resource without the element passes, as FHIR
   * says).
   */
  record NoneOf(KeyField field, List<TokenCriterion> tokens) implements KeyFilter {
    public NoneOf {
      tokens = List.copyOf(tokens);
    }

    @Override
    public boolean test(String id, Object keys) {
      for (String value : field.values(keys)) {
        for (TokenCriterion token : tokens) {
          if (token.matches(value)) {
            return false;
          }
        }
      }
      return true;
    }
  }

  /** {@code param:missing=true|false}: the element is absent (true) or present (false). */
  record Missing(KeyField field, boolean missing) implements KeyFilter {
    @Override
    public boolean test(String id, Object keys) {
      return field.values(keys).isEmpty() == missing;
    }
  }

  /** {@code _has:...}: the id is one of these, the resources a reverse chain reached. */
  record IdIn(Set<String> ids) implements KeyFilter {
    public IdIn {
      ids = Set.copyOf(ids);
    }

    @Override
    public boolean test(String id, Object keys) {
      return ids.contains(id);
    }
  }
}
