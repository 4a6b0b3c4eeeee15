package dev.activityfhir.server.referral.web;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.jspecify.annotations.Nullable;

/** A person's agreement to share their details with the provider: create and read (and search by patient). */
public final class ConsentProvider extends ReferralResourceProvider {

  public ConsentProvider(ReferralServiceRef services) {
    super(services);
  }

  @Override
  public Class<Consent> getResourceType() {
    return Consent.class;
  }

  @Create
  public MethodOutcome create(
      @ResourceParam Consent consent, @ConditionalUrlParam @Nullable String ifNoneExist, RequestDetails details) {
    return outcome(services.get().create(Callers.of(details), consent, ifNoneExist));
  }

  /** Consents are not updated (a new Consent is made instead): the service refuses with 405. */
  @Update
  public MethodOutcome update(@IdParam IdType id, @ResourceParam Consent consent, RequestDetails details) {
    consent.setId(id.toUnqualifiedVersionless());
    return outcome(services.get().update(Callers.of(details), consent, ifMatch(details)));
  }
}
