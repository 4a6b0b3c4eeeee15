package dev.activityfhir.server.harvest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** OpenActive items shaped like real split feeds, for harvesting tests. */
final class DirectoryFixtures {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DirectoryFixtures() {}

  static ObjectNode series(String atId, String name) {
    ObjectNode data = JSON.createObjectNode();
    data.put("@context", "https://openactive.io/");
    data.put("@type", "SessionSeries");
    data.put("@id", atId);
    data.put("name", name);
    data.put("description", "A weekly demo class for every level, with a friendly coach and music.");
    data.put("url", atId + "/book");
    ObjectNode activity = data.putArray("activity").addObject();
    activity.put("@type", "Concept");
    activity.put("@id", "https://openactive.io/activity-list#bf1a5e00-cdcf-465d-8c5a-6f57040b7f7e");
    activity.put("prefLabel", "Yoga");
    activity.put("inScheme", "https://openactive.io/activity-list");
    ObjectNode place = data.putObject("location");
    place.put("@type", "Place");
    place.put("@id", atId + "/place");
    place.put("name", "Demo Leisure Centre");
    ObjectNode geo = place.putObject("geo");
    geo.put("@type", "GeoCoordinates");
    geo.put("latitude", 51.5);
    geo.put("longitude", -0.12);
    ObjectNode address = place.putObject("address");
    address.put("@type", "PostalAddress");
    address.put("streetAddress", "1 High Street");
    address.put("addressLocality", "London");
    address.put("postalCode", "SE1 7PB");
    address.put("addressCountry", "GB");
    ObjectNode organizer = data.putObject("organizer");
    organizer.put("@type", "Organization");
    organizer.put("@id", "https://ex.org/organizations/demo");
    organizer.put("name", "Demo Leisure Trust");
    ObjectNode offer = data.putArray("offers").addObject();
    offer.put("@type", "Offer");
    offer.put("name", "Adult");
    offer.put("price", 6.5);
    offer.put("priceCurrency", "GBP");
    ObjectNode ages = data.putObject("ageRange");
    ages.put("@type", "QuantitativeValue");
    ages.put("minValue", 16);
    return data;
  }

  static ObjectNode session(String atId, String superEvent, int year, int month, int day) {
    ObjectNode data = JSON.createObjectNode();
    data.put("@context", "https://openactive.io/");
    data.put("@type", "ScheduledSession");
    data.put("@id", atId);
    data.put("superEvent", superEvent);
    data.put("startDate", String.format("%d-%02d-%02dT18:00:00Z", year, month, day));
    data.put("endDate", String.format("%d-%02d-%02dT19:00:00Z", year, month, day));
    data.put("duration", "PT1H");
    data.put("maximumAttendeeCapacity", 20);
    data.put("remainingAttendeeCapacity", 7);
    return data;
  }
}
