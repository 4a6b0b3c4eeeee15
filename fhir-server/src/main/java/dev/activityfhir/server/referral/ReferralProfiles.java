package dev.activityfhir.server.referral;

import dev.activityfhir.conformance.ConformanceResources;
import java.util.List;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Resource;

/**
 * The profile a stored referral resource claims: the FHIR package's profile of its type, set before the resource is
 * validated and stored, so that what the server returns names the profile it was checked against. Any profile a
 * client named is dropped: the server vouches only for its own (which derive from UK Core's, so a UK Core claim is
 * kept in substance), and a profile it does not hold could be neither checked nor resolved by a reader.
 */
final class ReferralProfiles {

  private ReferralProfiles() {}

  /** Sets {@code meta.profile} to the package's profile of the resource's type; a type without one is left as is. */
  static void stamp(Resource resource) {
    ConformanceResources.bundled()
        .profileOf(resource.fhirType())
        .ifPresent(url -> resource.getMeta().setProfile(List.of(new CanonicalType(url))));
  }
}
