package dev.activityfhir.server.fhir.search;

import dev.activityfhir.server.fhir.index.LocationKeys;
import dev.activityfhir.server.fhir.index.ScheduleKeys;
import dev.activityfhir.server.fhir.index.ServiceKeys;
import dev.activityfhir.server.fhir.index.SlotKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A searchable element of an indexed resource, read from its search keys, for the filters that apply to one
 * element ({@code :not}, {@code :missing}): each value a token ({@code system|code}, or a bare code for
 * booleans and statuses) or an id.
 */
public enum KeyField {
  SERVICE_TYPE(keys -> ((ServiceKeys) keys).typeTokens()),
  SERVICE_CHARACTERISTIC(keys -> ((ServiceKeys) keys).characteristics()),
  SERVICE_ACTIVE(keys -> List.of(String.valueOf(((ServiceKeys) keys).active()))),
  SERVICE_LOCATION(keys -> ((ServiceKeys) keys).locationIds()),
  SERVICE_ORGANIZATION(
      keys -> {
        String id = ((ServiceKeys) keys).organizationId();
        return id == null ? List.of() : List.of(id);
      }),
  SERVICE_PRICE(
      keys -> {
        List<String> prices = new ArrayList<>();
        for (double price : ((ServiceKeys) keys).prices()) {
          prices.add(Double.toString(price));
        }
        return prices;
      }),
  LOCATION_POSTCODE(
      keys -> {
        String postcode = ((LocationKeys) keys).postalCode();
        return postcode.isEmpty() ? List.of() : List.of(postcode);
      }),
  SCHEDULE_SERVICE_TYPE(keys -> ((ScheduleKeys) keys).serviceTypeTokens()),
  SCHEDULE_ACTIVE(keys -> List.of(String.valueOf(((ScheduleKeys) keys).active()))),
  SLOT_STATUS(
      keys -> {
        String status = ((SlotKeys) keys).status();
        return status == null ? List.of() : List.of(status);
      }),
  SLOT_SERVICE_TYPE(keys -> ((SlotKeys) keys).serviceTypeTokens());

  private final Function<Object, List<String>> values;

  KeyField(Function<Object, List<String>> values) {
    this.values = values;
  }

  /** The element's values in a resource's search keys (empty when the element is absent). */
  public List<String> values(Object keys) {
    return values.apply(keys);
  }
}
