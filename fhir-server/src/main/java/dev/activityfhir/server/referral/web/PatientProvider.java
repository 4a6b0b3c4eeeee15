package dev.activityfhir.server.referral.web;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.jspecify.annotations.Nullable;

/** The people referred: create (with {@code If-None-Exist}, e.g. on the NHS number), read, update and search. */
public final class PatientProvider extends ReferralResourceProvider {

  public PatientProvider(ReferralServiceRef services) {
    super(services);
  }

  @Override
  public Class<Patient> getResourceType() {
    return Patient.class;
  }

  @Create
  public MethodOutcome create(
      @ResourceParam Patient patient, @ConditionalUrlParam @Nullable String ifNoneExist, RequestDetails details) {
    return outcome(services.get().create(Callers.of(details), patient, ifNoneExist));
  }

  @Update
  public MethodOutcome update(@IdParam IdType id, @ResourceParam Patient patient, RequestDetails details) {
    patient.setId(id.toUnqualifiedVersionless());
    return outcome(services.get().update(Callers.of(details), patient, ifMatch(details)));
  }
}
