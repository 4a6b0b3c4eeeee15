package dev.activityfhir.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * FHIR R4 instance validation against the core definitions plus this project's conformance
 * resources.
 *
 * <p>Builds one {@link ValidationSupportChain} (core profiles, our resources and any extra ones,
 * snapshot generation, in-memory terminology, common code systems such as UCUM and ISO 4217) and
 * one {@link FhirValidator} over it. Both are expensive to build and warm up (the core definitions
 * are parsed and cached on first use), so create one {@code FhirValidation} per application and
 * share it: it is thread-safe. The chain caches lookups itself; HAPI 8 deprecated the separate
 * {@code CachingValidationSupport} wrapper for that reason, so it is not used.
 */
public final class FhirValidation {

  /**
   * UK Core STU2 2.0.2 (HL7 UK, Apache 2.0), an NPM package bundled on this module's classpath;
   * pass it in {@code npmPackages} to validate against UK Core profiles (e.g. {@code
   * https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient}). Loading it adds a few seconds and
   * some memory, so it is opt-in. SNOMED CT and dm+d codes cannot be checked offline.
   */
  public static final String UK_CORE_PACKAGE =
      "classpath:dev/activityfhir/conformance/npm/uk-core-2.0.2.tgz";

  private final ValidationSupportChain validationSupport;
  private final FhirValidator validator;

  /**
   * Validation as a client of the published package would do it: the bundled package plus UK Core
   * (its profiles derive from UK Core's). Built on first use (it takes seconds) and shared by the
   * JVM: the server's request validation, {@code $validate} and tests use this one instance.
   */
  public static FhirValidation published() {
    return Published.INSTANCE;
  }

  /** Validation with the bundled conformance resources only. */
  public FhirValidation() {
    this(ConformanceResources.bundled(), List.of());
  }

  /**
   * Validation with the given conformance resources plus extra ones from elsewhere, e.g. the
   * OpenActive activity-list CodeSystem built by the mapping module.
   *
   * @param resources this project's conformance resources, usually {@link
   *     ConformanceResources#bundled()}
   * @param extraResources further StructureDefinitions, CodeSystems, ValueSets or SearchParameters
   *     (R4); a StructureDefinition without a snapshot gets one generated on first use
   */
  public FhirValidation(
      ConformanceResources resources, List<? extends IBaseResource> extraResources) {
    this(resources, extraResources, List.of());
  }

  /**
   * Validation as {@link #FhirValidation(ConformanceResources, List)}, plus the conformance
   * resources of FHIR NPM packages on the classpath.
   *
   * @param npmPackages classpath locations of {@code .tgz} packages, e.g. {@link #UK_CORE_PACKAGE}
   * @throws IllegalArgumentException if a package cannot be read
   */
  public FhirValidation(
      ConformanceResources resources,
      List<? extends IBaseResource> extraResources,
      List<String> npmPackages) {
    FhirContext context = FhirContext.forR4Cached();
    PrePopulatedValidationSupport own = new PrePopulatedValidationSupport(context);
    resources.all().forEach(own::addResource);
    extraResources.forEach(own::addResource);
    List<IValidationSupport> chain = new ArrayList<>();
    chain.add(new DefaultProfileValidationSupport(context));
    chain.add(own);
    for (String location : npmPackages) {
      chain.add(npmPackage(context, location));
    }
    chain.add(new SnapshotGeneratingValidationSupport(context));
    chain.add(new InMemoryTerminologyServerValidationSupport(context));
    chain.add(new CommonCodeSystemsTerminologyService(context));
    this.validationSupport = new ValidationSupportChain(chain);
    this.validator = context.newValidator();
    this.validator.registerValidatorModule(new FhirInstanceValidator(validationSupport));
  }

  /**
   * The validation support chain, to share with other HAPI components (e.g. a request validating
   * interceptor or the CapabilityStatement provider).
   */
  public IValidationSupport validationSupport() {
    return validationSupport;
  }

  /** The configured HAPI validator (thread-safe). */
  public FhirValidator validator() {
    return validator;
  }

  /** Validates a resource and returns every message, of any severity. */
  public ValidationResult validate(IBaseResource resource) {
    return validator.validateWithResult(resource);
  }

  /**
   * Validates a resource and returns its errors and fatal errors only, each as {@code "<location>:
   * <message>"}, where the location is the element path, e.g. {@code
   * HealthcareService.extension[0].extension[1].value.ofType(string)}. Empty when the resource is
   * valid.
   */
  public List<String> errors(IBaseResource resource) {
    return validate(resource).getMessages().stream()
        .filter(FhirValidation::isError)
        .map(m -> m.getLocationString() + ": " + m.getMessage())
        .toList();
  }

  /**
   * Validates a resource against a profile (besides any {@code meta.profile} it declares) and
   * returns its errors and fatal errors only, formatted as {@link #errors(IBaseResource)} does.
   *
   * @param profile canonical url of a StructureDefinition in the chain
   */
  public List<String> errors(IBaseResource resource, String profile) {
    return validator
        .validateWithResult(resource, new ValidationOptions().addProfile(profile))
        .getMessages()
        .stream()
        .filter(FhirValidation::isError)
        .map(m -> m.getLocationString() + ": " + m.getMessage())
        .toList();
  }

  /** Lazy, thread-safe one-time build (class initialisation is serialised by the JVM). */
  private static final class Published {
    static final FhirValidation INSTANCE =
        new FhirValidation(ConformanceResources.bundled(), List.of(), List.of(UK_CORE_PACKAGE));
  }

  private static IValidationSupport npmPackage(FhirContext context, String location) {
    NpmPackageValidationSupport npm = new NpmPackageValidationSupport(context);
    try {
      npm.loadPackageFromClasspath(location);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("Cannot load FHIR package " + location, e);
    }
    return npm;
  }

  private static boolean isError(SingleValidationMessage message) {
    return message.getSeverity() == ResultSeverityEnum.ERROR
        || message.getSeverity() == ResultSeverityEnum.FATAL;
  }
}
