package dev.activityfhir.server.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenGroupTest {

  private static final String ACTIVITY = "https://openactive.io/activity-list";
  private static final String ACCESS = "https://openactive.io/accessibility-support";

  @Test
  void anExactCriterionMatchesOnlyItsSystemAndCode() {
    TokenGroup group = TokenGroup.allOf(List.of(List.of(new TokenCriterion(ACTIVITY, "yoga")))).get(0);

    assertThat(group.matchesAny(List.of(ACCESS + "|yoga", ACTIVITY + "|yoga"))).isTrue();
    assertThat(group.matchesAny(List.of(ACCESS + "|yoga", ACTIVITY + "|yogalates"))).isFalse();
  }

  @Test
  void partialCriteriaMatchAnySystemOrAnyCode() {
    TokenGroup anySystem = TokenGroup.allOf(List.of(List.of(new TokenCriterion(null, "yoga")))).get(0);
    TokenGroup anyCode = TokenGroup.allOf(List.of(List.of(new TokenCriterion(ACCESS, null)))).get(0);

    assertThat(anySystem.matchesAny(List.of(ACCESS + "|yoga"))).isTrue();
    assertThat(anySystem.matchesAny(List.of(ACCESS + "|pilates"))).isFalse();
    assertThat(anyCode.matchesAny(List.of(ACCESS + "|hearing-loop"))).isTrue();
    assertThat(anyCode.matchesAny(List.of(ACTIVITY + "|yoga"))).isFalse();
  }

  @Test
  void everyGroupMustMatchAndAnyCriterionOfAGroupWill() {
    List<TokenGroup> groups =
        TokenGroup.allOf(
            List.of(
                List.of(new TokenCriterion(ACTIVITY, "yoga"), new TokenCriterion(ACTIVITY, "pilates")),
                List.of(new TokenCriterion(ACCESS, "hearing-loop"))));

    assertThat(TokenGroup.allMatch(groups, List.of(ACTIVITY + "|pilates", ACCESS + "|hearing-loop"))).isTrue();
    assertThat(TokenGroup.allMatch(groups, List.of(ACTIVITY + "|pilates"))).isFalse();
    assertThat(TokenGroup.allMatch(List.of(), List.of())).isTrue();
  }

  @Test
  void listsItsTokensOnlyWhenEveryCriterionIsExact() {
    TokenGroup exact =
        TokenGroup.allOf(
                List.of(List.of(new TokenCriterion(ACTIVITY, "yoga"), new TokenCriterion(ACTIVITY, "pilates"))))
            .get(0);
    TokenGroup mixed =
        TokenGroup.allOf(List.of(List.of(new TokenCriterion(ACTIVITY, "yoga"), new TokenCriterion(null, "pilates"))))
            .get(0);

    assertThat(exact.exactTokens()).containsExactlyInAnyOrder(ACTIVITY + "|yoga", ACTIVITY + "|pilates");
    assertThat(mixed.exactTokens()).isNull();
  }
}
