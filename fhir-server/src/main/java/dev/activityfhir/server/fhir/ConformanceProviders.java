package dev.activityfhir.server.fhir;

import ca.uhn.fhir.rest.server.IResourceProvider;
import dev.activityfhir.conformance.ConformanceResources;
import dev.activityfhir.conformance.terminology.Terminology;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The providers that publish the FHIR package: read and search of its StructureDefinitions,
 * SearchParameters, CodeSystems, ValueSets and ImplementationGuide, and the terminology operations.
 *
 * @param resourceProviders one per type, to add to the server's resource providers
 * @param terminology the terminology operations, a plain provider
 */
record ConformanceProviders(
    List<IResourceProvider> resourceProviders, TerminologyProvider terminology) {

  /**
   * Providers over the package's resources, plus code systems from elsewhere whose url the package
   * does not have (the package's own win).
   */
  static ConformanceProviders of(ConformanceResources resources, List<CodeSystem> extraCodeSystems) {
    List<CodeSystem> codeSystems = new ArrayList<>(resources.codeSystems());
    for (CodeSystem extra : extraCodeSystems) {
      if (resources.byUrl(extra.getUrl()).isEmpty()) {
        codeSystems.add(extra);
      }
    }
    List<IResourceProvider> providers =
        List.of(
            new ConformanceResourceProvider<>(
                StructureDefinition.class, resources.structureDefinitions()),
            new ConformanceResourceProvider<>(SearchParameter.class, resources.searchParameters()),
            new ConformanceResourceProvider<>(CodeSystem.class, codeSystems),
            new ConformanceResourceProvider<>(ValueSet.class, resources.valueSets()),
            new ConformanceResourceProvider<>(
                ImplementationGuide.class, List.of(resources.implementationGuide())));
    return new ConformanceProviders(
        providers,
        new TerminologyProvider(new Terminology(codeSystems, resources.valueSets())));
  }
}
