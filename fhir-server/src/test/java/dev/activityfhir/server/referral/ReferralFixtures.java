package dev.activityfhir.server.referral;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Referral resources from the shared examples (UK Core Patient, Gravity ServiceRequest) adapted to the test
 * directory, and the transaction Bundle that sends them together.
 */
final class ReferralFixtures {

  static final String PATIENT_URN = "urn:uuid:8f1c2e8a-5f6b-4d3c-9a1e-2b7c4d5e6f70";
  static final String CONSENT_URN = "urn:uuid:0c7d1e2f-3a4b-4c5d-8e9f-a0b1c2d3e4f5";
  static final String VALID_NHS_NUMBER = "9434765919";

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  private ReferralFixtures() {}

  /** The UK Core example Patient (Melanie Jones), with a valid NHS number. */
  static Patient patient() {
    return FHIR.newJsonParser().parseResource(Patient.class, text("patient-ukcore-valid-nhs-number.json"));
  }

  /** The Gravity ServiceRequest example, referring the Patient of {@link #PATIENT_URN} to walking football. */
  static ServiceRequest serviceRequest(String identifier) {
    ServiceRequest request =
        FHIR.newJsonParser().parseResource(ServiceRequest.class, text("servicerequest-gravity-to-walking-football.json"));
    request.getIdentifierFirstRep().setValue(identifier);
    return request;
  }

  /** The person's consent to share their details with the provider. */
  static Consent consent(String patientReference) {
    Consent consent = new Consent();
    consent.setStatus(Consent.ConsentState.ACTIVE);
    consent.setScope(
        new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)));
    consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Patient Consent")));
    consent.setPatient(new Reference(patientReference));
    consent.getPolicyRule().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/consentpolicycodes", "hipaa-auth", null));
    return consent;
  }

  /** A random NHS number that passes the Modulus 11 check. */
  static String newNhsNumber() {
    java.util.Random random = new java.util.Random();
    while (true) {
      StringBuilder digits = new StringBuilder();
      int sum = 0;
      for (int i = 0; i < 9; i++) {
        int digit = random.nextInt(10);
        digits.append(digit);
        sum += digit * (10 - i);
      }
      int check = (11 - sum % 11) % 11;
      if (check != 10) {
        return digits.append(check).toString();
      }
    }
  }

  /** Patient + Consent + ServiceRequest as a transaction, the Patient matched on its NHS number. */
  static Bundle transaction(String identifier, String performer, String slotId) {
    return transaction(identifier, performer, slotId, VALID_NHS_NUMBER);
  }

  /** As {@link #transaction(String, String, String)} for the person with this NHS number. */
  static Bundle transaction(String identifier, String performer, String slotId, String nhsNumber) {
    ServiceRequest request = serviceRequest(identifier);
    request.getPerformerFirstRep().setReference(performer);
    request.addSupportingInfo(new Reference(CONSENT_URN));
    if (slotId != null) {
      request.addSupportingInfo(new Reference("Slot/" + slotId));
    }
    Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
    // In an order the server must rearrange: the referral first.
    add(bundle, "urn:uuid:" + java.util.UUID.randomUUID(), request, "ServiceRequest",
        "identifier=https://gp.example.org/referral-id|" + identifier);
    Patient patient = patient();
    patient.getIdentifierFirstRep().setValue(nhsNumber);
    add(bundle, PATIENT_URN, patient, "Patient", "identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhsNumber);
    add(bundle, CONSENT_URN, consent(PATIENT_URN), "Consent", null);
    return bundle;
  }

  private static void add(Bundle bundle, String fullUrl, Resource resource, String type, String ifNoneExist) {
    Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl(fullUrl).setResource(resource);
    entry.getRequest().setMethod(HTTPVerb.POST).setUrl(type);
    if (ifNoneExist != null) {
      entry.getRequest().setIfNoneExist(ifNoneExist);
    }
  }

  static String json(Resource resource) {
    return FHIR.newJsonParser().encodeResourceToString(resource);
  }

  static String text(String name) {
    try (InputStream in = ReferralFixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
