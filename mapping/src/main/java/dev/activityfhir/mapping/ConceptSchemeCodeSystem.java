package dev.activityfhir.mapping;

import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemHierarchyMeaning;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.PropertyType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;

/** Writes an OpenActive concept scheme as a complete FHIR R4 CodeSystem. */
final class ConceptSchemeCodeSystem {

  /** The standard FHIR concept property for a broader concept. */
  static final String PARENT_PROPERTY_URI = "http://hl7.org/fhir/concept-properties#parent";

  private ConceptSchemeCodeSystem() {}

  /**
   * The whole scheme as a CodeSystem whose url is the scheme URI; each broader link becomes a
   * {@code parent} property, so a concept with two parents has two.
   *
   * @param name a computer-friendly name ({@code [A-Z][A-Za-z0-9_]*})
   */
  static CodeSystem of(ConceptScheme scheme, String name) {
    CodeSystem codeSystem = new CodeSystem();
    codeSystem.setUrl(scheme.url());
    codeSystem.setName(name);
    codeSystem.setTitle(scheme.title());
    codeSystem.setStatus(PublicationStatus.ACTIVE);
    codeSystem.setExperimental(false);
    codeSystem.setPublisher("OpenActive");
    if (scheme.description() != null) {
      codeSystem.setDescription(scheme.description());
    }
    codeSystem.setCopyright(
        "Copyright OpenActive (https://openactive.io/), licensed under "
            + scheme.license()
            + " (CC-BY 4.0). Attribution: \""
            + scheme.title()
            + "\" by OpenActive.");
    codeSystem.setCaseSensitive(true);
    codeSystem.setHierarchyMeaning(CodeSystemHierarchyMeaning.ISA);
    codeSystem.setContent(CodeSystemContentMode.COMPLETE);
    codeSystem.setCount(scheme.concepts().size());
    codeSystem
        .addProperty()
        .setCode("parent")
        .setUri(PARENT_PROPERTY_URI)
        .setDescription("A broader concept (skos:broader, or the inverse of skos:narrower)")
        .setType(PropertyType.CODE);
    for (Concept concept : scheme.concepts()) {
      ConceptDefinitionComponent definition =
          codeSystem.addConcept().setCode(concept.code()).setDisplay(concept.prefLabel());
      if (concept.definition() != null) {
        definition.setDefinition(concept.definition());
      }
      concept.altLabels().forEach(alt -> definition.addDesignation().setValue(alt));
      concept
          .parentCodes()
          .forEach(parent -> definition.addProperty().setCode("parent").setValue(new CodeType(parent)));
    }
    return codeSystem;
  }
}
