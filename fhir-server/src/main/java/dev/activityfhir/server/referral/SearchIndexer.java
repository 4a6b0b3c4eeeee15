package dev.activityfhir.server.referral;

import dev.activityfhir.server.referral.store.IndexValue;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.jspecify.annotations.Nullable;

/** The search parameter values stored for each referral-side resource ({@link ReferralSearchBinder} binds their searches). */
public final class SearchIndexer {

  private SearchIndexer() {}

  /** The values of every search parameter of the resource's type. */
  public static List<IndexValue> index(Resource resource) {
    List<IndexValue> values = new ArrayList<>();
    if (resource instanceof ServiceRequest request) {
      identifiers(values, request.getIdentifier());
      reference(values, "subject", request.getSubject());
      reference(values, "patient", request.getSubject());
      request.getPerformer().forEach(p -> reference(values, "performer", p));
      reference(values, "requester", request.getRequester());
      if (request.hasStatus()) {
        values.add(IndexValue.token("status", null, request.getStatus().toCode()));
      }
      date(values, "authored", request.getAuthoredOnElement());
    } else if (resource instanceof Patient patient) {
      identifiers(values, patient.getIdentifier());
      for (HumanName name : patient.getName()) {
        if (name.hasFamily()) {
          values.add(IndexValue.string("family", name.getFamily()));
        }
        for (StringType given : name.getGiven()) {
          values.add(IndexValue.string("given", given.getValue()));
        }
      }
      date(values, "birthdate", patient.getBirthDateElement());
    } else if (resource instanceof Consent consent) {
      reference(values, "patient", consent.getPatient());
    } else if (resource instanceof Task task) {
      identifiers(values, task.getIdentifier());
      reference(values, "focus", task.getFocus());
      reference(values, "owner", task.getOwner());
      reference(values, "requester", task.getRequester());
      reference(values, "patient", task.getFor());
      if (task.hasStatus()) {
        values.add(IndexValue.token("status", null, task.getStatus().toCode()));
      }
      tokens(values, "business-status", task.getBusinessStatus());
    }
    return values;
  }

  private static void identifiers(List<IndexValue> values, List<Identifier> identifiers) {
    for (Identifier identifier : identifiers) {
      if (identifier.hasValue()) {
        values.add(IndexValue.token("identifier", identifier.getSystem(), identifier.getValue()));
      }
    }
  }

  private static void tokens(List<IndexValue> values, String param, CodeableConcept concept) {
    for (Coding coding : concept.getCoding()) {
      if (coding.hasCode()) {
        values.add(IndexValue.token(param, coding.getSystem(), coding.getCode()));
      }
    }
  }

  private static void reference(List<IndexValue> values, String param, @Nullable Reference reference) {
    if (reference != null && reference.hasReference()) {
      values.add(IndexValue.reference(param, reference.getReferenceElement().toUnqualifiedVersionless().getValue()));
    }
    if (reference != null && reference.hasIdentifier() && reference.getIdentifier().hasValue()) {
      Identifier identifier = reference.getIdentifier();
      values.add(IndexValue.token(param + ":identifier", identifier.getSystem(), identifier.getValue()));
    }
  }

  private static void date(List<IndexValue> values, String param, BaseDateTimeType date) {
    if (date.hasValue()) {
      DateRange range = DateRange.parse(date.getValueAsString());
      if (range != null) {
        values.add(IndexValue.date(param, range.low(), range.high()));
      }
    }
  }
}
