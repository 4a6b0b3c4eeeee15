package dev.activityfhir.server.referral.web;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.jspecify.annotations.Nullable;

/** Referrals: create (with {@code If-None-Exist}), read, vread, versioned update, history and search. */
public final class ServiceRequestProvider extends ReferralResourceProvider {

  public ServiceRequestProvider(ReferralServiceRef services) {
    super(services);
  }

  @Override
  public Class<ServiceRequest> getResourceType() {
    return ServiceRequest.class;
  }

  @Create
  public MethodOutcome create(
      @ResourceParam ServiceRequest request, @ConditionalUrlParam @Nullable String ifNoneExist, RequestDetails details) {
    return outcome(services.get().create(Callers.of(details), request, ifNoneExist));
  }

  @Update
  public MethodOutcome update(@IdParam IdType id, @ResourceParam ServiceRequest request, RequestDetails details) {
    request.setId(id.toUnqualifiedVersionless());
    return outcome(services.get().update(Callers.of(details), request, ifMatch(details)));
  }
}
