package dev.activityfhir.server.fhir.search;

import dev.activityfhir.conformance.ConformanceResources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

/**
 * What each directory type's searches accept, read from the FHIR package: the SearchParameters whose {@code base}
 * names the type (the project's own, and FHIR R4's as this server answers them, {@code derivedFrom} the core
 * definition) with their {@code modifier} and {@code chain} lists, and the {@code searchInclude} and {@code
 * searchRevInclude} of the package's CapabilityStatement. The request guard, {@code /metadata}, the docs check and
 * the behaviour test all read this, so the package is the one list.
 *
 * <p>{@code _has:X:p:param} reaches where reverse includes reach: it is accepted on a type whose {@code
 * searchRevInclude} lists {@code X:p}, with any parameter (and modifier) X declares.
 */
public final class DeclaredSearches {

  /** Prefix of a reverse chain, {@code _has:Type:reference:parameter}. */
  public static final String HAS = "_has";

  private final Map<String, Map<String, SearchParameter>> parameters;
  private final Map<String, List<String>> includes;
  private final Map<String, List<String>> revIncludes;

  private DeclaredSearches(
      Map<String, Map<String, SearchParameter>> parameters,
      Map<String, List<String>> includes,
      Map<String, List<String>> revIncludes) {
    this.parameters = parameters;
    this.includes = includes;
    this.revIncludes = revIncludes;
  }

  /** The declarations for {@code types}, read from {@code resources}. */
  public static DeclaredSearches of(ConformanceResources resources, List<String> types) {
    Map<String, Map<String, SearchParameter>> parameters = new LinkedHashMap<>();
    Map<String, List<String>> includes = new LinkedHashMap<>();
    Map<String, List<String>> revIncludes = new LinkedHashMap<>();
    CapabilityStatement statement = resources.capabilityStatement();
    for (String type : types) {
      Map<String, SearchParameter> byCode = new LinkedHashMap<>();
      for (SearchParameter parameter : resources.searchParameters()) {
        if (parameter.getBase().stream().anyMatch(b -> type.equals(b.getCode()))) {
          if (byCode.put(parameter.getCode(), parameter) != null) {
            throw new IllegalStateException("Two SearchParameters declare " + type + "." + parameter.getCode());
          }
        }
      }
      parameters.put(type, byCode);
      CapabilityStatementRestResourceComponent resource =
          statement.getRestFirstRep().getResource().stream()
              .filter(r -> type.equals(r.getType()))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("The CapabilityStatement has no " + type));
      includes.put(type, resource.getSearchInclude().stream().map(StringType::getValue).toList());
      revIncludes.put(type, resource.getSearchRevInclude().stream().map(StringType::getValue).toList());
    }
    return new DeclaredSearches(parameters, includes, revIncludes);
  }

  /** The types declared. */
  public Set<String> types() {
    return parameters.keySet();
  }

  /** The type's parameters in package order ({@code _} parameters as the package lists them). */
  public List<SearchParameter> parameters(String type) {
    return List.copyOf(parameters.getOrDefault(type, Map.of()).values());
  }

  /** The parameter {@code code} of the type, if declared. */
  public Optional<SearchParameter> parameter(String type, String code) {
    return Optional.ofNullable(parameters.getOrDefault(type, Map.of()).get(code));
  }

  /** The type's {@code _include} values, e.g. {@code HealthcareService:location}. */
  public List<String> includes(String type) {
    return includes.getOrDefault(type, List.of());
  }

  /** The type's {@code _revinclude} values, e.g. {@code Schedule:actor}; also where {@code _has} reaches. */
  public List<String> revIncludes(String type) {
    return revIncludes.getOrDefault(type, List.of());
  }

  /** The modifiers a parameter declares, e.g. {@code exact}. */
  public static List<String> modifiers(SearchParameter parameter) {
    return parameter.getModifier().stream().map(Enumeration::getCode).toList();
  }

  /** The chains a reference parameter declares, e.g. {@code near}. */
  public static List<String> chains(SearchParameter parameter) {
    return parameter.getChain().stream().map(StringType::getValue).toList();
  }

  /** The canonical URL of the FHIR R4 definition a standard parameter derives from; null for our own. */
  public static @Nullable String derivedFrom(SearchParameter parameter) {
    CanonicalType from = parameter.getDerivedFromElement();
    return from == null || from.isEmpty() ? null : from.getValue();
  }

  /**
   * Why a search of {@code type} cannot take the parameter {@code name} (as given in the query, with any {@code
   * :modifier}, {@code .chain} or {@code _has:} prefix), or null when it is declared. {@code _include} and {@code
   * _revinclude} are declared when the type lists any; their values are checked by {@link #undeclaredInclude}.
   */
  public @Nullable String undeclared(String type, String name) {
    if (name.equals("_include")) {
      return includes(type).isEmpty() ? type + " declares no _include" : null;
    }
    if (name.equals("_revinclude")) {
      return revIncludes(type).isEmpty() ? type + " declares no _revinclude" : null;
    }
    if (name.startsWith(HAS + ":")) {
      String[] parts = name.split(":", 4);
      if (parts.length < 4 || !hasSources(type).contains(parts[1] + ":" + parts[2])) {
        return "_has reaches " + type + " only through " + String.join(", ", hasSources(type));
      }
      String inner = parts[3];
      if (inner.startsWith("_has") || inner.contains(".")) {
        return "a _has parameter takes one plain parameter of " + parts[1];
      }
      return undeclared(parts[1], inner);
    }
    int colon = name.indexOf(':');
    int dot = name.indexOf('.');
    String code = colon >= 0 ? name.substring(0, colon) : dot >= 0 ? name.substring(0, dot) : name;
    SearchParameter parameter = parameters.getOrDefault(type, Map.of()).get(code);
    if (parameter == null) {
      return "Unknown search parameter '" + name + "' for " + type;
    }
    if (colon >= 0 && !modifiers(parameter).contains(name.substring(colon + 1))) {
      return "Unsupported modifier in search parameter '" + name + "' for " + type + "; " + code + " takes "
          + (parameter.hasModifier() ? ":" + String.join(", :", modifiers(parameter)) : "no modifier");
    }
    if (colon < 0 && dot >= 0 && !chains(parameter).contains(name.substring(dot + 1))) {
      return "Unsupported chain in search parameter '" + name + "' for " + type + "; " + code + " takes "
          + (parameter.hasChain() ? "." + String.join(", .", chains(parameter)) : "no chain");
    }
    return null;
  }

  /**
   * The {@code Source:reference} pairs {@code _has} reaches the type through: its reverse includes whose reference
   * parameter targets the type itself ({@code HealthcareService?_revinclude=Slot:schedule} reaches the Slots
   * through the services' Schedules, which {@code _has} cannot follow).
   */
  public List<String> hasSources(String type) {
    return revIncludes(type).stream()
        .filter(
            revInclude -> {
              String[] parts = revInclude.split(":", 2);
              SearchParameter reference = parameters.getOrDefault(parts[0], Map.of()).get(parts[1]);
              return reference == null
                  || reference.getTarget().isEmpty()
                  || reference.getTarget().stream().anyMatch(t -> t.getValue().equals(type));
            })
        .toList();
  }

  /** Why {@code value} of {@code _include} (or {@code _revinclude}) is not declared for the type, or null. */
  public @Nullable String undeclaredInclude(String type, String name, String value) {
    List<String> declared = name.equals("_include") ? includes(type) : revIncludes(type);
    return declared.contains(value)
        ? null
        : "Unsupported " + name + " '" + value + "' for " + type + "; declared: " + String.join(", ", declared);
  }

  /** Every parameter name the type accepts without a {@code _has} prefix: codes, {@code code:modifier}, chains. */
  public Set<String> names(String type) {
    Set<String> names = new TreeSet<>();
    for (SearchParameter parameter : parameters(type)) {
      names.add(parameter.getCode());
      modifiers(parameter).forEach(m -> names.add(parameter.getCode() + ":" + m));
      chains(parameter).forEach(c -> names.add(parameter.getCode() + "." + c));
    }
    if (!includes(type).isEmpty()) {
      names.add("_include");
    }
    if (!revIncludes(type).isEmpty()) {
      names.add("_revinclude");
    }
    return names;
  }
}
