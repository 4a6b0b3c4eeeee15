package dev.activityfhir.conformance.build;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import dev.activityfhir.conformance.FhirValidation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Generates the snapshot of every StructureDefinition from its differential, against FHIR R4 core,
 * UK Core STU2 and this project's other definitions (extensions first, so a profile that slices in
 * an extension sees the extension complete).
 */
public final class Snapshots {

  private final FhirContext context;

  public Snapshots(FhirContext context) {
    this.context = context;
  }

  /**
   * The resources in the same order, each StructureDefinition replaced by a copy with a snapshot
   * freshly generated from its differential.
   *
   * @throws IllegalStateException if a snapshot cannot be generated
   */
  public List<MetadataResource> complete(List<MetadataResource> resources) {
    PrePopulatedValidationSupport own = new PrePopulatedValidationSupport(context);
    resources.forEach(own::addResource);
    SnapshotGeneratingValidationSupport generator = new SnapshotGeneratingValidationSupport(context);
    ValidationSupportChain chain =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(context),
            own,
            ukCore(),
            generator,
            new InMemoryTerminologyServerValidationSupport(context));
    ValidationSupportContext supportContext = new ValidationSupportContext(chain);
    List<StructureDefinition> order =
        resources.stream()
            .filter(StructureDefinition.class::isInstance)
            .map(StructureDefinition.class::cast)
            .sorted(Comparator.comparing(sd -> "Extension".equals(sd.getType()) ? 0 : 1))
            .toList();
    List<MetadataResource> result = new ArrayList<>(resources);
    for (StructureDefinition sd : order) {
      StructureDefinition input = sd.copy();
      input.setSnapshot(null);
      StructureDefinition generated =
          (StructureDefinition)
              generator.generateSnapshot(
                  supportContext, input, input.getUrl(), null, input.getName());
      if (generated == null || !generated.hasSnapshot()) {
        throw new IllegalStateException("No snapshot could be generated for " + sd.getUrl());
      }
      own.addStructureDefinition(generated);
      result.set(resources.indexOf(sd), generated);
    }
    return result;
  }

  private NpmPackageValidationSupport ukCore() {
    NpmPackageValidationSupport npm = new NpmPackageValidationSupport(context);
    try {
      npm.loadPackageFromClasspath(FhirValidation.UK_CORE_PACKAGE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return npm;
  }
}
