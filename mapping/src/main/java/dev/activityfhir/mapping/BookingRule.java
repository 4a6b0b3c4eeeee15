package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Whether booking ahead is needed, from the offers' {@code advanceBooking}: required when any offer
 * requires it, not required when every offer says it is unavailable, unknown otherwise.
 */
final class BookingRule {

  private BookingRule() {}

  static @Nullable Boolean appointmentRequired(JsonNode view) {
    List<JsonNode> offers = OfferMapper.offers(view);
    int unavailable = 0;
    for (JsonNode offer : offers) {
      String advanceBooking = JsonLd.text(offer, "advanceBooking");
      if (advanceBooking == null) {
        continue;
      }
      String value = JsonLd.localName(advanceBooking);
      if (value.equalsIgnoreCase("Required")) {
        return Boolean.TRUE;
      }
      if (value.equalsIgnoreCase("Unavailable")) {
        unavailable++;
      }
    }
    return !offers.isEmpty() && unavailable == offers.size() ? Boolean.FALSE : null;
  }
}
