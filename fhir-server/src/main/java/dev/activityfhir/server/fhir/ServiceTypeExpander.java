package dev.activityfhir.server.fhir;

import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import dev.activityfhir.server.fhir.index.SearchKeyExtractor;
import dev.activityfhir.server.fhir.search.TokenCriterion;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Binds {@code service-type} tokens, expanding {@code :below} through the activity list hierarchy: a broader
 * activity also finds every narrower one. {@code :text} and {@code :not} values are left to the caller.
 */
final class ServiceTypeExpander {

  private final Function<String, Set<String>> selfAndDescendants;

  /**
   * @param selfAndDescendants the activity-list code itself and every narrower code (the contract of {@code
   *     dev.activityfhir.mapping.ActivityList#selfAndDescendants}); unknown codes give just themselves or nothing
   */
  ServiceTypeExpander(Function<String, Set<String>> selfAndDescendants) {
    this.selfAndDescendants = selfAndDescendants;
  }

  List<List<TokenCriterion>> groups(String name, @Nullable TokenAndListParam param) {
    List<List<TokenCriterion>> groups = new ArrayList<>();
    if (param == null) {
      return groups;
    }
    for (TokenOrListParam or : param.getValuesAsQueryTokens()) {
      List<TokenCriterion> group = new ArrayList<>();
      boolean textOnly = true;
      for (TokenParam token : or.getValuesAsQueryTokens()) {
        TokenParamModifier modifier = token.getModifier();
        if (modifier == TokenParamModifier.TEXT || modifier == TokenParamModifier.NOT) {
          continue; // :text is the caller's, :not a filter (ParamBinder.notTokens)
        }
        textOnly = false;
        if (token.getValue() == null || token.getValue().isEmpty()) {
          throw ParamBinder.invalid(name, "empty code");
        }
        if (modifier == null) {
          group.add(ParamBinder.token(token));
        } else if (modifier == TokenParamModifier.BELOW) {
          String system = token.getSystem();
          if (system != null && !system.isEmpty() && !SearchKeyExtractor.ACTIVITY_SYSTEM.equals(system)) {
            throw ParamBinder.invalid(name + ":below", "only the OpenActive activity list has a hierarchy");
          }
          Set<String> codes = selfAndDescendants.apply(token.getValue());
          if (codes.isEmpty()) {
            codes = Set.of(token.getValue());
          }
          for (String code : codes) {
            group.add(new TokenCriterion(SearchKeyExtractor.ACTIVITY_SYSTEM, code));
          }
        } else {
          throw ParamBinder.invalid(name + modifier.getValue(), "modifier not supported");
        }
      }
      if (!textOnly) {
        groups.add(group);
      }
    }
    return groups;
  }
}
