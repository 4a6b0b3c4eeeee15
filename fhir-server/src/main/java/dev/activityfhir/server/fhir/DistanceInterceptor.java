package dev.activityfhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Distance;

/**
 * Adds the standard {@code location-distance} extension to {@code Bundle.entry.search} of every match found by a
 * proximity search ({@code near}, {@code location.near}, {@code postcode}): HAPI's bundle factory has no place for
 * it, so the distance travels in the resource's user data from {@link PageAssembler} to here.
 */
@Interceptor
public final class DistanceInterceptor {

  /** The standard extension for the distance of a match from the {@code near} point. */
  public static final String LOCATION_DISTANCE =
      "http://hl7.org/fhir/StructureDefinition/location-distance";

  /** Adds the distance extension to each entry whose resource carries a distance. */
  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public boolean addDistances(ResponseDetails response) {
    if (response.getResponseResource() instanceof Bundle bundle) {
      for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
        if (entry.getResource() != null
            && entry.getResource().getUserData(PageAssembler.DISTANCE_KEY) instanceof Double km) {
          Distance distance = new Distance();
          distance.setValue(Math.round(km * 1000.0) / 1000.0);
          distance.setUnit("km").setSystem("http://unitsofmeasure.org").setCode("km");
          entry.getSearch().addExtension(LOCATION_DISTANCE, distance);
        }
      }
    }
    return true;
  }
}
