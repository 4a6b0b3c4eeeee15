package dev.activityfhir.server.referral;

import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * Ready-configured core {@link InstanceValidator}s, lent to one validation at a time and then taken back.
 *
 * <p>HAPI's {@code FhirInstanceValidator} builds a new {@code InstanceValidator} for every resource, and each one
 * loads the core library's table of known OIDs and its FHIRPath engine: about two thirds of the CPU a referral write
 * cost. An {@code InstanceValidator} clears its per-resource state at the start of each validation, so one can
 * validate many resources in turn (never two at once); each is retired after {@link #USES} validations, so that
 * the little it keeps across them (deprecation warnings already given, lookups) cannot grow without bound.
 */
final class InstanceValidatorPool {

  /** Validations one validator performs before it is replaced by a new one. */
  static final int USES = 1000;

  private final IWorkerContext context;
  private final ConcurrentLinkedDeque<Lent> idle = new ConcurrentLinkedDeque<>();

  /**
   * @param support the definitions, code systems and value sets to validate against; the pooled validators share
   *     one worker context over them (the definitions converted and cached once)
   */
  InstanceValidatorPool(IValidationSupport support) {
    this.context = WorkerContextValidationSupportAdapter.newVersionSpecificWorkerContextWrapper(support);
  }

  /** The R4 definitions the validators work from. */
  IWorkerContext context() {
    return context;
  }

  /** A validator for the caller's use alone until it is {@linkplain #giveBack given back}. */
  Lent borrow() {
    Lent lent = idle.pollFirst();
    return lent != null ? lent : new Lent(build());
  }

  /** Takes a validator back; one that has done its {@link #USES} validations is dropped. */
  void giveBack(Lent lent) {
    if (lent.uses.incrementAndGet() < USES) {
      idle.offerFirst(lent);
    }
  }

  /** A pooled validator and the number of validations it has done. */
  static final class Lent {
    final InstanceValidator validator;
    private final AtomicInteger uses = new AtomicInteger();

    private Lent(InstanceValidator validator) {
      this.validator = validator;
    }
  }

  /**
   * A validator with the settings of HAPI's {@code FhirInstanceValidator} defaults (any extension allowed,
   * unknown profiles and code systems are errors, HAPI's default policy advisor), except that best-practice
   * recommendations, which are never errors, are not evaluated.
   */
  private InstanceValidator build() {
    InstanceValidator validator =
        new InstanceValidator(
            context,
            new FhirInstanceValidator.NullEvaluationContext(),
            new XVerExtensionManagerOld(context),
            new ValidatorSession(),
            new ValidatorSettings());
    validator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
    validator.setAnyExtensionsAllowed(true);
    validator.setResourceIdRule(IdStatus.OPTIONAL);
    validator.setNoTerminologyChecks(false);
    validator.setErrorForUnknownProfiles(true);
    validator.setUnknownCodeSystemsCauseErrors(true);
    validator.setPolicyAdvisor(new FhirDefaultPolicyAdvisor());
    validator.setAllowXsiLocation(true);
    return validator;
  }
}
