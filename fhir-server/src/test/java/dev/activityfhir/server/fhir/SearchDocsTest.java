package dev.activityfhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.conformance.ConformanceResources;
import dev.activityfhir.server.fhir.search.DeclaredSearches;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.SearchParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The search tables of the README and of {@code conformance/README.md} say what the package declares: every
 * parameter, modifier, chain, include and reverse include of each directory type in the README's row for it, and
 * every SearchParameter of the package, with its modifiers and chains, in the conformance table (and nothing
 * more there).
 */
class SearchDocsTest {

  private static final DeclaredSearches DECLARED =
      DeclaredSearches.of(ConformanceResources.bundled(), RequestGuardInterceptor.DIRECTORY_TYPES);
  private static final Pattern FIRST_CELL = Pattern.compile("^\\| `([a-z0-9-]+)` \\|");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"HealthcareService", "Location", "Organization", "Schedule", "Slot"})
  void readmeRowListsEverythingDeclared(String type) throws IOException {
    String row = row(Path.of("../README.md"), "| " + type + " |");
    for (SearchParameter parameter : DECLARED.parameters(type)) {
      String code = parameter.getCode();
      assertThat(row).as("%s row names %s", type, code).contains("`" + code);
      for (String modifier : DeclaredSearches.modifiers(parameter)) {
        assertThat(row).as("%s row names %s:%s", type, code, modifier).contains(code + ":" + modifier + "`");
      }
      for (String chain : DeclaredSearches.chains(parameter)) {
        assertThat(row).as("%s row names %s.%s", type, code, chain).contains("`" + code + "." + chain);
      }
    }
    for (String include : DECLARED.includes(type)) {
      assertThat(row).contains("`_include=" + include + "`");
    }
    for (String revInclude : DECLARED.revIncludes(type)) {
      assertThat(row).contains("`_revinclude=" + revInclude + "`");
    }
    for (String source : DECLARED.hasSources(type)) {
      assertThat(row).contains("`_has:" + source + ":");
    }
  }

  @Test
  void conformanceReadmeListsEverySearchParameterOnce() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("../conformance/README.md"));
    List<String> listed = new ArrayList<>();
    for (String line : lines) {
      Matcher cell = FIRST_CELL.matcher(line);
      if (cell.find()) {
        String id = cell.group(1);
        ConformanceResources.bundled()
            .byUrl(ConformanceResources.CANONICAL_BASE + "/SearchParameter/" + id, SearchParameter.class)
            .ifPresent(
                parameter -> {
                  listed.add(id);
                  DeclaredSearches.modifiers(parameter)
                      .forEach(m -> assertThat(line).as("%s row names :%s", id, m).contains(":" + m + "`"));
                  DeclaredSearches.chains(parameter)
                      .forEach(c -> assertThat(line).as("%s row names .%s", id, c).contains("." + c));
                });
      }
    }
    assertThat(listed)
        .containsExactlyInAnyOrderElementsOf(
            ConformanceResources.bundled().searchParameters().stream().map(p -> p.getIdPart()).toList());
  }

  private static String row(Path file, String start) throws IOException {
    return Files.readAllLines(file).stream()
        .filter(l -> l.startsWith(start))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + start + " in " + file));
  }
}
