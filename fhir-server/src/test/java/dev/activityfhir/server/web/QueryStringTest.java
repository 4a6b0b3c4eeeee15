package dev.activityfhir.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryStringTest {

  @Test
  void decodesEscapesPlusAndRepeatsInOrder() {
    Map<String, List<String>> parsed =
        QueryString.parse("name=caf%C3%A9+bar&service-type%3Abelow=a%7Cb&name=x&flag&&empty=");

    assertThat(parsed)
        .containsExactly(
            Map.entry("name", List.of("café bar", "x")),
            Map.entry("service-type:below", List.of("a|b")),
            Map.entry("flag", List.of("")),
            Map.entry("empty", List.of("")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"name=%", "name=%zz", "name=%u0041", "name=a%2", "%=1", "name=%C3%28", "name=%00", "name=a%0Ab"})
  void refusesMalformedEscapesBadUtf8AndControlCharacters(String text) {
    assertThatThrownBy(() -> QueryString.parse(text)).isInstanceOf(QueryString.MalformedException.class);
  }

  @Test
  void countsParametersAcrossQueryAndBody() {
    String fifty = IntStream.range(0, 50).mapToObj(i -> "p" + i + "=1").collect(Collectors.joining("&"));
    Map<String, List<String>> parsed = QueryString.parse(fifty);

    assertThat(QueryString.parse(fifty, parsed).values().stream().mapToInt(List::size).sum()).isEqualTo(100);
    assertThatThrownBy(() -> QueryString.parse("one=more", parsed))
        .isInstanceOf(QueryString.MalformedException.class)
        .hasMessageContaining("Too many parameters");
  }
}
