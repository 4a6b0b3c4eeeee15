package dev.activityfhir.conformance.terminology;

import dev.activityfhir.conformance.ConformanceResources;
import dev.activityfhir.conformance.terminology.TerminologyException.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptReferenceComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetFilterComponent;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionComponent;
import org.jspecify.annotations.Nullable;

/**
 * FHIR terminology operations ({@code $lookup}, {@code $subsumes}, {@code $expand}, {@code
 * $validate-code}) over the package's CodeSystems and ValueSets, answered from memory.
 *
 * <p>Hierarchy: a code subsumes itself and every concept below it ({@code child} properties,
 * reversed {@code parent} properties and nesting, transitively). Type-ahead ({@code $expand} with
 * {@code filter}): a concept matches when its display or a synonym starts with the text, or has a
 * word starting with it; the concepts below a match are included too, so {@code swim} finds
 * Swimming and its kinds. Matches whose label starts with the text come first, then other matches,
 * then the concepts included for being below one; alphabetical within each.
 */
public final class Terminology {

  private final Map<String, CodeSystemIndex> systems = new LinkedHashMap<>();
  private final Map<String, ValueSet> valueSets = new LinkedHashMap<>();

  /** Terminology over these CodeSystems and ValueSets. */
  public Terminology(List<CodeSystem> codeSystems, List<ValueSet> valueSets) {
    codeSystems.forEach(cs -> systems.put(cs.getUrl(), new CodeSystemIndex(cs)));
    valueSets.forEach(vs -> this.valueSets.put(vs.getUrl(), vs));
  }

  /** Terminology over the package's own CodeSystems and ValueSets. */
  public static Terminology of(ConformanceResources resources) {
    return new Terminology(resources.codeSystems(), resources.valueSets());
  }

  /** The canonical url of the CodeSystem with this id, for instance-level operations. */
  public Optional<String> codeSystemUrl(String id) {
    return systems.values().stream()
        .map(CodeSystemIndex::codeSystem)
        .filter(cs -> cs.getIdPart().equals(id))
        .map(CodeSystem::getUrl)
        .findFirst();
  }

  /** The canonical url of the ValueSet with this id, for instance-level operations. */
  public Optional<String> valueSetUrl(String id) {
    return valueSets.values().stream()
        .filter(vs -> vs.getIdPart().equals(id))
        .map(ValueSet::getUrl)
        .findFirst();
  }

  /**
   * {@code $lookup}: name, version, display, definition, designations (synonyms) and the {@code
   * parent}/{@code child} properties of a code.
   */
  public Parameters lookup(@Nullable String system, @Nullable String code) {
    CodeSystemIndex index = system(system, "system");
    ConceptDefinitionComponent concept = concept(index, required(code, "code"));
    Parameters out = new Parameters();
    out.addParameter("name", index.codeSystem().getName());
    if (index.codeSystem().hasVersion()) {
      out.addParameter("version", index.codeSystem().getVersion());
    }
    out.addParameter("display", concept.getDisplay());
    if (concept.hasDefinition()) {
      out.addParameter().setName("definition").setValue(new StringType(concept.getDefinition()));
    }
    concept
        .getDesignation()
        .forEach(
            d -> {
              ParametersParameterComponent designation = out.addParameter().setName("designation");
              if (d.hasLanguage()) {
                designation.addPart().setName("language").setValue(new CodeType(d.getLanguage()));
              }
              if (d.hasUse()) {
                designation.addPart().setName("use").setValue(d.getUse());
              }
              designation.addPart().setName("value").setValue(new StringType(d.getValue()));
            });
    index.parents(code).forEach(p -> property(out, "parent", p));
    index.children(code).forEach(c -> property(out, "child", c));
    return out;
  }

  /**
   * {@code $subsumes}: {@code equivalent}, {@code subsumes} (A is above B), {@code subsumed-by}
   * (A is below B) or {@code not-subsumed}.
   */
  public Parameters subsumes(
      @Nullable String system, @Nullable String codeA, @Nullable String codeB) {
    CodeSystemIndex index = system(system, "system");
    concept(index, required(codeA, "codeA"));
    concept(index, required(codeB, "codeB"));
    String outcome;
    if (codeA.equals(codeB)) {
      outcome = "equivalent";
    } else if (index.descendants(codeA).contains(codeB)) {
      outcome = "subsumes";
    } else if (index.descendants(codeB).contains(codeA)) {
      outcome = "subsumed-by";
    } else {
      outcome = "not-subsumed";
    }
    Parameters out = new Parameters();
    out.addParameter().setName("outcome").setValue(new CodeType(outcome));
    return out;
  }

  /** {@code CodeSystem/$validate-code}: whether the code is in the system (and the display its). */
  public Parameters validateCode(
      @Nullable String system, @Nullable String code, @Nullable String display) {
    CodeSystemIndex index = system(system, "url");
    return validation(index, required(code, "code"), display);
  }

  /** {@code ValueSet/$validate-code}: whether the code is in the value set's expansion. */
  public Parameters validateCodeInValueSet(
      @Nullable String valueSetUrl,
      @Nullable String system,
      @Nullable String code,
      @Nullable String display) {
    ValueSet valueSet = valueSet(valueSetUrl);
    required(code, "code");
    for (ConceptSetComponent include : valueSet.getCompose().getInclude()) {
      if (system != null && !system.equals(include.getSystem())) {
        continue;
      }
      CodeSystemIndex index = system(include.getSystem(), "system");
      if (included(index, include).contains(code)) {
        return validation(index, code, display);
      }
    }
    Parameters out = new Parameters();
    out.addParameter("result", false);
    out.addParameter(
        "message", "Code '" + code + "' is not in the value set " + valueSet.getUrl());
    return out;
  }

  /**
   * {@code $expand}: the value set's codes, filtered for type-ahead and paged.
   *
   * @param filter text to match, or null for every code
   * @param offset codes to skip (0 or more)
   * @param count codes to return at most (0 or more), or null for all
   */
  public ValueSet expand(
      @Nullable String valueSetUrl, @Nullable String filter, int offset, @Nullable Integer count) {
    ValueSet valueSet = valueSet(valueSetUrl);
    if (offset < 0) {
      throw new TerminologyException(Kind.INVALID, "offset", "offset must be 0 or more");
    }
    if (count != null && count < 0) {
      throw new TerminologyException(Kind.INVALID, "count", "count must be 0 or more");
    }
    List<Entry> entries = new ArrayList<>();
    for (ConceptSetComponent include : valueSet.getCompose().getInclude()) {
      CodeSystemIndex index = system(include.getSystem(), "system");
      Set<String> codes = included(index, include);
      if (filter == null || filter.isBlank()) {
        codes.forEach(c -> entries.add(new Entry(index, c, 0)));
        continue;
      }
      Map<String, Integer> rank = new LinkedHashMap<>();
      for (String code : codes) {
        int match = index.match(code, filter);
        if (match > 0) {
          rank.merge(code, 3 - match, Math::min);
          for (String below : index.descendants(code)) {
            if (codes.contains(below)) {
              rank.merge(below, 3, Math::min);
            }
          }
        }
      }
      rank.forEach((code, r) -> entries.add(new Entry(index, code, r)));
      entries.sort(
          Comparator.comparingInt(Entry::rank)
              .thenComparing(e -> CodeSystemIndex.normalise(e.display())));
    }
    ValueSet result = new ValueSet();
    result.setId(valueSet.getIdPart());
    result.setUrl(valueSet.getUrl());
    result.setVersion(valueSet.getVersion());
    result.setName(valueSet.getName());
    result.setTitle(valueSet.getTitle());
    result.setStatus(valueSet.getStatus());
    ValueSetExpansionComponent expansion = result.getExpansion();
    expansion.setIdentifier("urn:uuid:" + UUID.randomUUID());
    expansion.setTimestamp(new Date());
    expansion.setTotal(entries.size());
    expansion.setOffset(offset);
    if (filter != null) {
      expansion.addParameter().setName("filter").setValue(new StringType(filter));
    }
    expansion.addParameter().setName("offset").setValue(new IntegerType(offset));
    if (count != null) {
      expansion.addParameter().setName("count").setValue(new IntegerType(count));
    }
    int from = Math.min(offset, entries.size());
    int to = count == null ? entries.size() : (int) Math.min(entries.size(), (long) from + count);
    for (Entry entry : entries.subList(from, to)) {
      expansion
          .addContains()
          .setSystem(entry.index().url())
          .setCode(entry.code())
          .setDisplay(entry.display());
    }
    return result;
  }

  private Set<String> included(CodeSystemIndex index, ConceptSetComponent include) {
    Set<String> codes = new LinkedHashSet<>();
    if (include.hasConcept()) {
      include.getConcept().stream()
          .map(ConceptReferenceComponent::getCode)
          .filter(c -> index.concept(c).isPresent())
          .forEach(codes::add);
    } else {
      codes.addAll(index.order());
    }
    for (ConceptSetFilterComponent filter : include.getFilter()) {
      String op = filter.getOp().toCode();
      String value = filter.getValue();
      Set<String> allowed = new HashSet<>(index.descendants(value));
      if (op.equals("is-a")) {
        allowed.add(value);
      } else if (!op.equals("descendent-of")) {
        throw new TerminologyException(
            Kind.INVALID, "url", "Value set filter op " + op + " is not supported");
      }
      codes.retainAll(allowed);
    }
    return codes;
  }

  private Parameters validation(CodeSystemIndex index, String code, @Nullable String display) {
    Parameters out = new Parameters();
    Optional<ConceptDefinitionComponent> concept = index.concept(code);
    if (concept.isEmpty()) {
      out.addParameter("result", false);
      out.addParameter("message", "Unknown code '" + code + "' in " + index.url());
      return out;
    }
    boolean displayMatches =
        display == null
            || display.equalsIgnoreCase(concept.get().getDisplay())
            || concept.get().getDesignation().stream()
                .anyMatch(d -> display.equalsIgnoreCase(d.getValue()));
    out.addParameter().setName("result").setValue(new BooleanType(displayMatches));
    out.addParameter("display", concept.get().getDisplay());
    if (!displayMatches) {
      out.addParameter(
          "message",
          "Display '" + display + "' is not a label of " + code + " ('"
              + concept.get().getDisplay() + "')");
    }
    return out;
  }

  private CodeSystemIndex system(@Nullable String url, String parameter) {
    CodeSystemIndex index = systems.get(required(url, parameter));
    if (index == null) {
      throw new TerminologyException(
          Kind.NOT_FOUND, parameter, "Code system " + url + " is not known to this server");
    }
    return index;
  }

  private ValueSet valueSet(@Nullable String url) {
    ValueSet valueSet = valueSets.get(required(url, "url"));
    if (valueSet == null) {
      throw new TerminologyException(
          Kind.NOT_FOUND, "url", "Value set " + url + " is not known to this server");
    }
    return valueSet;
  }

  private static ConceptDefinitionComponent concept(CodeSystemIndex index, String code) {
    return index
        .concept(code)
        .orElseThrow(
            () ->
                new TerminologyException(
                    Kind.NOT_FOUND, "code", "Code '" + code + "' is not in " + index.url()));
  }

  private static String required(@Nullable String value, String parameter) {
    if (value == null || value.isBlank()) {
      throw new TerminologyException(Kind.INVALID, parameter, "Parameter '" + parameter + "' is required");
    }
    return value;
  }

  private static void property(Parameters out, String code, String value) {
    ParametersParameterComponent property = out.addParameter().setName("property");
    property.addPart().setName("code").setValue(new CodeType(code));
    property.addPart().setName("value").setValue(new CodeType(value));
  }

  private record Entry(CodeSystemIndex index, String code, int rank) {
    String display() {
      return index.concept(code).map(ConceptDefinitionComponent::getDisplay).orElse(code);
    }
  }
}
