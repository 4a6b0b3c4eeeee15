package dev.activityfhir.conformance.build;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemHierarchyMeaning;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.PropertyType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;

/**
 * Writes an OpenActive SKOS concept scheme (JSON-LD {@code ConceptScheme}, e.g. the activity list)
 * as a complete FHIR R4 CodeSystem whose url is the scheme's URI and whose codes are the concept
 * URIs' fragments.
 *
 * <p>Every concept keeps its {@code prefLabel} as display, its {@code definition}, each {@code
 * altLabel} as a designation with use Synonym (SNOMED CT 900000000000013009), and its place in the
 * hierarchy as {@code parent} and {@code child} properties ({@code hierarchyMeaning} is-a, so a
 * parent subsumes its children). Properties rather than nesting because a concept may have two
 * parents. The hierarchy is the union of {@code broader} links and reversed {@code narrower} links:
 * the published list has narrower links whose broader side is missing.
 */
final class SkosCodeSystem {

  static final Coding SYNONYM =
      new Coding("http://snomed.info/sct", "900000000000013009", "Synonym");
  static final String PARENT_URI = "http://hl7.org/fhir/concept-properties#parent";
  static final String CHILD_URI = "http://hl7.org/fhir/concept-properties#child";

  private SkosCodeSystem() {}

  /**
   * The scheme as a CodeSystem.
   *
   * @param scheme the parsed JSON-LD document
   * @param id the resource id, e.g. {@code activity-list}
   * @param name a computer-friendly name ({@code [A-Z][A-Za-z0-9_]*})
   * @param valueSet canonical of the ValueSet of all codes
   */
  static CodeSystem of(JsonNode scheme, String id, String name, String valueSet) {
    String url = text(scheme, "id");
    String title = text(scheme, "title");
    String license = scheme.path("license").asText("https://creativecommons.org/licenses/by/4.0/");
    CodeSystem codeSystem = new CodeSystem();
    codeSystem.setId(id);
    codeSystem.setUrl(url);
    codeSystem.setName(name);
    codeSystem.setTitle(title);
    codeSystem.setStatus(PublicationStatus.ACTIVE);
    codeSystem.setExperimental(false);
    codeSystem.setPublisher("OpenActive; restated as FHIR by the Activity FHIR project");
    codeSystem.setDescription(
        scheme.path("description").asText(title)
            + " Generated from the published SKOS list: code = the concept URI's fragment.");
    codeSystem.setCopyright(
        "Copyright OpenActive (https://openactive.io/), licensed under "
            + license
            + " (CC-BY 4.0). Attribution: \""
            + title
            + "\" by OpenActive.");
    codeSystem.setCaseSensitive(true);
    codeSystem.setValueSet(valueSet);
    codeSystem.setHierarchyMeaning(CodeSystemHierarchyMeaning.ISA);
    codeSystem.setContent(CodeSystemContentMode.COMPLETE);
    codeSystem
        .addProperty()
        .setCode("parent")
        .setUri(PARENT_URI)
        .setDescription("A broader concept: it subsumes this one (skos:broader)")
        .setType(PropertyType.CODE);
    codeSystem
        .addProperty()
        .setCode("child")
        .setUri(CHILD_URI)
        .setDescription("A narrower concept: this one subsumes it (skos:narrower)")
        .setType(PropertyType.CODE);

    List<JsonNode> concepts = new ArrayList<>();
    scheme.path("concept").forEach(concepts::add);
    Map<String, Set<String>> parents = new LinkedHashMap<>();
    Map<String, Set<String>> children = new LinkedHashMap<>();
    for (JsonNode concept : concepts) {
      String code = codeOf(text(concept, "id"));
      for (JsonNode broader : concept.path("broader")) {
        link(parents, children, codeOf(broader.asText()), code);
      }
      for (JsonNode narrower : concept.path("narrower")) {
        link(parents, children, code, codeOf(narrower.asText()));
      }
    }
    for (JsonNode concept : concepts) {
      String code = codeOf(text(concept, "id"));
      ConceptDefinitionComponent definition =
          codeSystem.addConcept().setCode(code).setDisplay(text(concept, "prefLabel"));
      if (concept.hasNonNull("definition")) {
        definition.setDefinition(concept.get("definition").asText());
      }
      for (JsonNode alt : concept.path("altLabel")) {
        definition.addDesignation().setUse(SYNONYM.copy()).setValue(alt.asText());
      }
      parents.getOrDefault(code, Set.of()).stream()
          .sorted()
          .forEach(p -> definition.addProperty().setCode("parent").setValue(new CodeType(p)));
      children.getOrDefault(code, Set.of()).stream()
          .sorted()
          .forEach(c -> definition.addProperty().setCode("child").setValue(new CodeType(c)));
    }
    codeSystem.setCount(codeSystem.getConcept().size());
    return codeSystem;
  }

  private static void link(
      Map<String, Set<String>> parents,
      Map<String, Set<String>> children,
      String parent,
      String child) {
    parents.computeIfAbsent(child, k -> new LinkedHashSet<>()).add(parent);
    children.computeIfAbsent(parent, k -> new LinkedHashSet<>()).add(child);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("SKOS node without " + field + ": " + node);
    }
    return value.asText();
  }

  private static String codeOf(String conceptUri) {
    int hash = conceptUri.indexOf('#');
    return hash >= 0 ? conceptUri.substring(hash + 1) : conceptUri;
  }
}
