package dev.activityfhir.server.harvest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/** OpenActive items shaped like real split feeds, shared by the harvesting and directory tests. */
public final class OpenActiveFixtures {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenActiveFixtures() {}

  /** A full yoga SessionSeries at a demo leisure centre, with a description, an offer and an age range. */
  public static ObjectNode series(String atId, String name) {
    ObjectNode data = yogaSeries(atId, name);
    data.put("description", "A weekly demo class for every level, with a friendly coach and music.");
    place(data, atId + "/place", "Demo Leisure Centre", 51.5, -0.12, "SE1 7PB");
    organizer(data, "https://ex.org/organizations/demo", "Demo Leisure Trust");
    offer(data, "6.5");
    ObjectNode ages = data.putObject("ageRange");
    ages.put("@type", "QuantitativeValue");
    ages.put("minValue", 16);
    return data;
  }

  /** A ScheduledSession of one hour from 18:00 UTC on the given day, with a duration and capacities. */
  public static ObjectNode session(String atId, String superEvent, int year, int month, int day) {
    ObjectNode data =
        session(
            atId,
            superEvent,
            String.format("%d-%02d-%02dT18:00:00Z", year, month, day),
            String.format("%d-%02d-%02dT19:00:00Z", year, month, day));
    data.put("duration", "PT1H");
    data.put("maximumAttendeeCapacity", 20);
    return data.put("remainingAttendeeCapacity", 7);
  }

  /** A bare yoga SessionSeries: context, type, id, name, booking url and the activity concept. */
  public static ObjectNode yogaSeries(String atId, String name) {
    ObjectNode data = item("SessionSeries", atId);
    data.put("name", name);
    data.put("url", atId + "/book");
    concept(
        data, "activity", "https://openactive.io/activity-list", "bf1a5e00-cdcf-465d-8c5a-6f57040b7f7e", "Yoga");
    return data;
  }

  /** A bare ScheduledSession: context, type, id, parent and start and end date-times. */
  public static ObjectNode session(String atId, String superEvent, String start, String end) {
    ObjectNode data = item("ScheduledSession", atId);
    data.put("superEvent", superEvent);
    data.put("startDate", start);
    return data.put("endDate", end);
  }

  /** A FacilityUse of tennis courts at a Place, shaped like OpenActive's FacilityUse example. */
  public static ObjectNode facilityUse(String atId, String name, String placeId) {
    ObjectNode data = item("FacilityUse", atId);
    data.put("name", name);
    data.put("url", atId + "/book");
    concept(
        data, "facilityType", "https://openactive.io/facility-types", "bba8ae59-d152-40bc-85cc-88c5375696d4",
        "Tennis Court");
    place(data, placeId, "Sports Hall", 51.52, -0.1, "N1 9GU");
    ObjectNode provider = data.putObject("provider");
    provider.put("@type", "Organization");
    provider.put("@id", "https://ex.org/organizations/trust");
    provider.put("name", "Leisure Trust");
    return offer(data, "10");
  }

  /** A facility Slot of the FacilityUse (as OpenActive's Slot example), with its uses left and in total. */
  public static ObjectNode facilitySlot(String atId, String facilityUse, String start, String end) {
    ObjectNode data = item("Slot", atId);
    data.put("facilityUse", facilityUse);
    data.put("startDate", start);
    data.put("endDate", end);
    data.put("remainingUses", 1);
    return data.put("maximumUses", 1);
  }

  /** Sets the item's location to a London Place with coordinates and a postal address. */
  public static ObjectNode place(
      ObjectNode data, String placeId, String name, double latitude, double longitude, String postcode) {
    ObjectNode place = data.putObject("location");
    place.put("@type", "Place");
    place.put("@id", placeId);
    place.put("name", name);
    ObjectNode geo = place.putObject("geo");
    geo.put("@type", "GeoCoordinates");
    geo.put("latitude", latitude);
    geo.put("longitude", longitude);
    ObjectNode address = place.putObject("address");
    address.put("@type", "PostalAddress");
    address.put("streetAddress", "1 High Street");
    address.put("addressLocality", "London");
    address.put("postalCode", postcode);
    address.put("addressCountry", "GB");
    return data;
  }

  /** Sets the item's organizer to an Organization. */
  public static ObjectNode organizer(ObjectNode data, String organizationId, String name) {
    ObjectNode organizer = data.putObject("organizer");
    organizer.put("@type", "Organization");
    organizer.put("@id", organizationId);
    organizer.put("name", name);
    return data;
  }

  /** Sets the item's offers to one adult offer at the given price in pounds. */
  public static ObjectNode offer(ObjectNode data, String price) {
    ObjectNode offer = data.putArray("offers").addObject();
    offer.put("@type", "Offer");
    offer.put("name", "Adult");
    offer.put("price", new BigDecimal(price));
    offer.put("priceCurrency", "GBP");
    return data;
  }

  /** Sets {@code property} to a list of one Concept of an OpenActive vocabulary ({@code scheme}). */
  private static void concept(ObjectNode data, String property, String scheme, String id, String prefLabel) {
    ObjectNode concept = data.putArray(property).addObject();
    concept.put("@type", "Concept");
    concept.put("@id", scheme + "#" + id);
    concept.put("prefLabel", prefLabel);
    concept.put("inScheme", scheme);
  }

  private static ObjectNode item(String type, String atId) {
    ObjectNode data = JSON.createObjectNode();
    data.put("@context", "https://openactive.io/");
    data.put("@type", type);
    return data.put("@id", atId);
  }
}
