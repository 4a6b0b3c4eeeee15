package dev.activityfhir.server.referral;

import dev.activityfhir.server.problem.FhirProblem;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;

/** Checks a resource's structure and cardinality against FHIR R4 (and the profiles it claims). */
@FunctionalInterface
public interface StructureValidator {

  /** The errors found, each with its element path; empty when the resource is valid. */
  List<FhirProblem.Issue> errors(Resource resource);
}
