package dev.activityfhir.server.referral;

import dev.activityfhir.server.referral.store.UniqueIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Which identifiers of a resource name it alone among its organisation's resources of its type: every identifier
 * (with system and value) of a referral, and a Patient's NHS number (spaces ignored). A retried or concurrent
 * referral thus never makes a second referral or a second record of the same person.
 */
final class UniqueIdentifiers {

  /** The types with unique identifiers. */
  static final Set<String> TYPES = Set.of("ServiceRequest", "Patient");

  private UniqueIdentifiers() {}

  /** The resource's unique identifiers, each once, in the order given; empty for other types. */
  static List<UniqueIdentifier> of(Resource resource) {
    List<UniqueIdentifier> unique = new ArrayList<>();
    if (resource instanceof ServiceRequest request) {
      for (Identifier identifier : request.getIdentifier()) {
        if (identifier.hasSystem() && identifier.hasValue()) {
          add(unique, new UniqueIdentifier(identifier.getSystem(), identifier.getValue()));
        }
      }
    } else if (resource instanceof Patient patient) {
      for (Identifier identifier : patient.getIdentifier()) {
        if (NhsNumber.SYSTEM.equals(identifier.getSystem()) && identifier.hasValue()) {
          add(unique, new UniqueIdentifier(NhsNumber.SYSTEM, identifier.getValue().replace(" ", "")));
        }
      }
    }
    return unique;
  }

  /** The element path of the identifier in the resource, e.g. {@code Patient.identifier[1]}. */
  static String path(Resource resource, UniqueIdentifier identifier) {
    List<Identifier> identifiers =
        resource instanceof ServiceRequest request
            ? request.getIdentifier()
            : resource instanceof Patient patient ? patient.getIdentifier() : List.of();
    for (int i = 0; i < identifiers.size(); i++) {
      Identifier candidate = identifiers.get(i);
      String value = candidate.getValue() == null ? "" : candidate.getValue();
      if (identifier.system().equals(candidate.getSystem())
          && (identifier.value().equals(value) || identifier.value().equals(value.replace(" ", "")))) {
        return resource.fhirType() + ".identifier[" + i + "]";
      }
    }
    return resource.fhirType() + ".identifier";
  }

  private static void add(List<UniqueIdentifier> unique, UniqueIdentifier identifier) {
    if (!unique.contains(identifier)) {
      unique.add(identifier);
    }
  }
}
