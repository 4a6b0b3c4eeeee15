package dev.activityfhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import dev.activityfhir.conformance.ConformanceResources;
import dev.activityfhir.server.fhir.search.DeclaredSearches;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.SearchParameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HAPI binds a search's parameters through each provider's annotations; the package's SearchParameters declare
 * them. This holds the two to the same list, so that a parameter added to one and not the other fails here rather
 * than answering 400 (declared, not bound) or being unreachable (bound, not declared).
 */
class ProviderAnnotationsTest {

  private static final DeclaredSearches DECLARED =
      DeclaredSearches.of(ConformanceResources.bundled(), RequestGuardInterceptor.DIRECTORY_TYPES);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "HealthcareService, dev.activityfhir.server.fhir.HealthcareServiceProvider",
    "Location, dev.activityfhir.server.fhir.LocationProvider",
    "Organization, dev.activityfhir.server.fhir.OrganizationProvider",
    "Schedule, dev.activityfhir.server.fhir.ScheduleProvider",
    "Slot, dev.activityfhir.server.fhir.SlotProvider",
  })
  void searchAnnotationsBindWhatThePackageDeclares(String type, Class<?> provider) {
    Method search =
        Arrays.stream(provider.getMethods()).filter(m -> m.isAnnotationPresent(Search.class)).findFirst().orElseThrow();
    Set<String> bound = new TreeSet<>();
    Set<String> chains = new TreeSet<>();
    List<String> includes = List.of();
    List<String> revIncludes = List.of();
    for (Parameter parameter : search.getParameters()) {
      OptionalParam optional = parameter.getAnnotation(OptionalParam.class);
      if (optional != null) {
        bound.add(optional.name());
        Arrays.stream(optional.chainWhitelist())
            .filter(c -> !c.isEmpty() && !c.equals(OptionalParam.ALLOW_CHAIN_ANY))
            .forEach(c -> chains.add(optional.name() + "." + c));
      }
      IncludeParam include = parameter.getAnnotation(IncludeParam.class);
      if (include != null && include.reverse()) {
        revIncludes = List.of(include.allow());
      } else if (include != null) {
        includes = List.of(include.allow());
      }
    }
    Set<String> declaredCodes = new TreeSet<>();
    Set<String> declaredChains = new TreeSet<>();
    for (SearchParameter parameter : DECLARED.parameters(type)) {
      declaredCodes.add(parameter.getCode());
      DeclaredSearches.chains(parameter).forEach(c -> declaredChains.add(parameter.getCode() + "." + c));
    }
    if (!DECLARED.revIncludes(type).isEmpty()) {
      declaredCodes.add(DeclaredSearches.HAS); // _has reaches where reverse includes do
    }
    assertThat(bound).as("@OptionalParam names of %s", provider.getSimpleName()).isEqualTo(declaredCodes);
    assertThat(chains).as("chainWhitelist of %s", provider.getSimpleName()).isEqualTo(declaredChains);
    assertThat(includes).containsExactlyInAnyOrderElementsOf(DECLARED.includes(type));
    assertThat(revIncludes).containsExactlyInAnyOrderElementsOf(DECLARED.revIncludes(type));
  }
}
