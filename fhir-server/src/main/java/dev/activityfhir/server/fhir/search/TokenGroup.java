package dev.activityfhir.server.fhir.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One OR-group of token criteria, compiled for matching many resources: exact {@code system|code} criteria go into
 * a hash set, so a {@code :below} expansion into hundreds of activity codes costs one lookup per token rather than
 * one comparison per code.
 */
final class TokenGroup {

  private final Set<String> exact = new HashSet<>();
  private final List<TokenCriterion> partial = new ArrayList<>();

  private TokenGroup(List<TokenCriterion> criteria) {
    for (TokenCriterion criterion : criteria) {
      if (criterion.system() != null && criterion.code() != null) {
        exact.add(criterion.system() + "|" + criterion.code());
      } else {
        partial.add(criterion);
      }
    }
  }

  /** The groups (ANDed), each compiled. */
  static List<TokenGroup> allOf(List<List<TokenCriterion>> groups) {
    return groups.stream().map(TokenGroup::new).toList();
  }

  /**
   * The {@code system|code} tokens of the group when each criterion names both (a token matches the group exactly
   * when it is one of them), else null: a criterion without system or code matches tokens no set can list.
   */
  @Nullable Set<String> exactTokens() {
    return partial.isEmpty() ? Collections.unmodifiableSet(exact) : null;
  }

  /** Whether any criterion of the group matches one of the tokens (each {@code system|code}). */
  boolean matchesAny(List<String> tokens) {
    for (String token : tokens) {
      if (exact.contains(token)) {
        return true;
      }
      for (TokenCriterion criterion : partial) {
        if (criterion.matches(token)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether every group matches one of the tokens. */
  static boolean allMatch(List<TokenGroup> groups, List<String> tokens) {
    for (TokenGroup group : groups) {
      if (!group.matchesAny(tokens)) {
        return false;
      }
    }
    return true;
  }
}
