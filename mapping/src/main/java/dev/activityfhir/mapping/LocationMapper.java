package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalTime;
import java.util.Optional;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Location.DaysOfWeek;
import org.hl7.fhir.r4.model.Location.LocationHoursOfOperationComponent;
import org.hl7.fhir.r4.model.Location.LocationMode;
import org.hl7.fhir.r4.model.Location.LocationStatus;

/**
 * A {@code location} Place to a Location: name, description, address with postcode, position
 * (coordinates as numbers or strings; 0,0 means unknown and gives no position), telecom and opening
 * hours. A Place with no name, address or coordinates gives no Location.
 */
final class LocationMapper {

  private final AddressMapper addresses;
  private final TelecomMapper telecoms;
  private final AttributionMapper attribution;

  LocationMapper(AddressMapper addresses, TelecomMapper telecoms, AttributionMapper attribution) {
    this.addresses = addresses;
    this.telecoms = telecoms;
    this.attribution = attribution;
  }

  /** The Location of the parent's {@code location} Place, if it has a usable one. */
  Optional<Location> map(OpenActiveItem parent, JsonNode view) {
    JsonNode published = JsonLd.get(view, "location");
    if (published == null || !published.isObject()) {
      return Optional.empty();
    }
    JsonNode place = Places.withContainer(published);
    Optional<String> id = ResourceIds.location(place);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    Location location = new Location();
    location.setId(id.get());
    String atId = JsonLd.id(place);
    if (atId != null) {
      location.addIdentifier(AttributionMapper.identifier(atId));
    }
    location.setStatus(LocationStatus.ACTIVE);
    location.setMode(LocationMode.INSTANCE);
    String name = JsonLd.text(place, "name");
    addresses.map(JsonLd.get(place, "address")).ifPresent(location::setAddress);
    location.setName(name != null ? name : location.getAddress().getText());
    location.setDescription(JsonLd.text(place, "description"));
    GeoPoint.of(place)
        .ifPresent(
            geo ->
                location.getPosition().setLatitude(geo.latitude()).setLongitude(geo.longitude()));
    telecoms.map(place, true).forEach(location::addTelecom);
    for (JsonNode hours : JsonLd.list(place, "openingHoursSpecification")) {
      hours(hours).ifPresent(location::addHoursOfOperation);
    }
    attribution.apply(location, parent, atId, AttributionMapper.publisherName(view));
    return Optional.of(location);
  }

  private static Optional<LocationHoursOfOperationComponent> hours(JsonNode spec) {
    LocationHoursOfOperationComponent hours = new LocationHoursOfOperationComponent();
    for (JsonNode day : JsonLd.list(spec, "dayOfWeek")) {
      DayOfWeek.parse(day.asText())
          .ifPresent(d -> hours.addDaysOfWeek(DaysOfWeek.fromCode(d.toCode())));
    }
    Optional<LocalTime> opens = LocalTimes.parse(JsonLd.text(spec, "opens"));
    if (!hours.hasDaysOfWeek() || opens.isEmpty()) {
      return Optional.empty();
    }
    hours.setOpeningTime(LocalTimes.fhir(opens.get()));
    LocalTimes.parse(JsonLd.text(spec, "closes"))
        .ifPresent(c -> hours.setClosingTime(LocalTimes.fhir(c)));
    return Optional.of(hours);
  }
}
