package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.HealthcareService.HealthcareServiceAvailableTimeComponent;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.UrlType;
import org.jspecify.annotations.Nullable;

/**
 * A parent item (SessionSeries, Event, CourseInstance, HeadlineEvent, FacilityUse,
 * IndividualFacilityUse) to a HealthcareService, read from the item's data completed with what it
 * inherits from its embedded EventSeries or Course.
 */
public final class HealthcareServiceMapper {

  /** Code system of the service category. */
  public static final String CATEGORY_SYSTEM =
      "https://activityfhir.dev/fhir/CodeSystem/service-category";

  /** The one category every mapped service has. */
  public static final String CATEGORY_CODE = "physical-activity";

  static final String CATEGORY_DISPLAY = "Physical activity and sport";

  private static final String PROVISION_SYSTEM =
      "http://terminology.hl7.org/CodeSystem/service-provision-conditions";

  private final ActivityMapper activities;
  private final CharacteristicMapper characteristics;
  private final EligibilityMapper eligibility;
  private final AvailableTimeMapper availableTimes;
  private final NotAvailableMapper notAvailable;
  private final OfferMapper offers;
  private final TelecomMapper telecoms;
  private final AttributionMapper attribution;

  HealthcareServiceMapper(
      ActivityMapper activities,
      CharacteristicMapper characteristics,
      EligibilityMapper eligibility,
      AvailableTimeMapper availableTimes,
      NotAvailableMapper notAvailable,
      OfferMapper offers,
      TelecomMapper telecoms,
      AttributionMapper attribution) {
    this.activities = activities;
    this.characteristics = characteristics;
    this.eligibility = eligibility;
    this.availableTimes = availableTimes;
    this.notAvailable = notAvailable;
    this.offers = offers;
    this.telecoms = telecoms;
    this.attribution = attribution;
  }

  HealthcareService map(
      OpenActiveItem parent,
      JsonNode view,
      @Nullable Location location,
      @Nullable Organization organization,
      List<Slot> ownSlots,
      OccurrenceTimes harvested) {
    String key = ResourceIds.itemKey(parent);
    String atId = JsonLd.id(parent.data());
    HealthcareService service = new HealthcareService();
    service.setId(ResourceIds.healthcareService(key));
    if (atId != null) {
      service.addIdentifier(AttributionMapper.identifier(atId));
    }
    PublisherIdentifiers.of(parent.data(), parent.feedUrl()).forEach(service::addIdentifier);
    service.setActive(!isCancelled(view));
    if (organization != null) {
      service.setProvidedBy(
          reference(organization.fhirType(), organization.getIdPart(), organization.getName()));
    }
    CodeableConcept category = service.addCategory();
    category
        .addCoding()
        .setSystem(CATEGORY_SYSTEM)
        .setCode(CATEGORY_CODE)
        .setDisplay(CATEGORY_DISPLAY);
    categories(view).forEach(service::addCategory);
    activities.serviceTypes(view).forEach(service::addType);
    if (location != null) {
      service.addLocation(reference(location.fhirType(), location.getIdPart(), location.getName()));
    }
    service.setName(name(view, service));
    service.setComment(JsonLd.text(view, "description"));
    service.setExtraDetails(ExtraDetails.of(view));
    photo(view).ifPresent(service::setPhoto);
    telecom(view).forEach(service::addTelecom);
    eligibility.map(view).forEach(service::addEligibility);
    characteristics.map(view).forEach(service::addCharacteristic);
    List<HealthcareServiceAvailableTimeComponent> weekly = availableTimes.map(parent.data());
    if (weekly.stream().allMatch(HealthcareServiceAvailableTimeComponent::getAllDay)) {
      // No published times (or days only): the occurrences, embedded or harvested, add their
      // weekdays and times.
      weekly.addAll(availableTimes.fromSlots(ownSlots));
      weekly.addAll(availableTimes.fromHarvested(harvested, weekly));
    }
    weekly.forEach(service::addAvailableTime);
    notAvailable.map(parent.data()).forEach(service::addNotAvailable);
    // A FacilityUse (or series) priced only on its occurrences takes their distinct prices, so that
    // price searches find it.
    List<Extension> prices = offers.map(view);
    if (prices.isEmpty()) {
      prices = OfferMapper.distinct(ownSlots);
    }
    Boolean free = OfferMapper.isFree(view);
    if (free == null && !prices.isEmpty()) {
      free = prices.stream().allMatch(OfferMapper::isZero);
    }
    if (free != null) {
      service
          .addServiceProvisionCode()
          .addCoding()
          .setSystem(PROVISION_SYSTEM)
          .setCode(free ? "free" : "cost")
          .setDisplay(free ? "Free" : "Fees apply");
    }
    String programme = programme(view);
    if (programme != null) {
      service.addProgram().setText(programme);
    }
    String virtualLocation = AttendanceMode.virtualLocation(view);
    if (virtualLocation != null) {
      service.addExtension(AttendanceMode.VIRTUAL_LOCATION_URL, new UrlType(virtualLocation));
    }
    Boolean booking = BookingRule.appointmentRequired(view);
    if (booking != null) {
      service.setAppointmentRequired(booking);
    }
    prices.forEach(service::addExtension);
    attribution.apply(service, parent, atId, AttributionMapper.publisherName(view));
    return service;
  }

  /** The publisher's {@code category} tags (strings or Concepts), as text-only categories. */
  private static List<CodeableConcept> categories(JsonNode view) {
    List<CodeableConcept> categories = new ArrayList<>();
    for (JsonNode category : JsonLd.list(view, "category")) {
      String label =
          category.isTextual() ? category.asText().trim() : JsonLd.text(category, "prefLabel", "name");
      if (label != null && !label.isEmpty()) {
        categories.add(new CodeableConcept().setText(label));
      }
    }
    return categories;
  }

  /** The {@code programme}: a Brand/Programme's name, or a plain string. */
  private static @Nullable String programme(JsonNode view) {
    JsonNode programme = JsonLd.get(view, "programme", "beta:programme");
    if (programme == null) {
      return null;
    }
    return programme.isTextual() ? programme.asText().trim() : JsonLd.text(programme, "name");
  }

  static Reference reference(String type, String id, @Nullable String display) {
    Reference reference = new Reference(type + "/" + id);
    if (display != null) {
      reference.setDisplay(display);
    }
    return reference;
  }

  private static boolean isCancelled(JsonNode view) {
    String status = JsonLd.text(view, "eventStatus");
    return status != null && JsonLd.localName(status).equalsIgnoreCase("EventCancelled");
  }

  private static @Nullable String name(JsonNode view, HealthcareService service) {
    String name = JsonLd.text(view, "name");
    if (name != null) {
      return name;
    }
    // Publishers do send sessions without titles; the activity is the next best name.
    return service.getType().isEmpty() ? null : service.getTypeFirstRep().getText();
  }

  private static Optional<Attachment> photo(JsonNode view) {
    for (JsonNode image : JsonLd.list(view, "image")) {
      String url = WebAddress.of(image.isTextual() ? image.asText() : JsonLd.text(image, "url"));
      if (url != null && url.toLowerCase(Locale.ROOT).startsWith("http")) {
        return Optional.of(new Attachment().setUrl(url));
      }
    }
    return Optional.empty();
  }

  private List<ContactPoint> telecom(JsonNode view) {
    List<ContactPoint> telecom = new ArrayList<>();
    String url = WebAddress.of(JsonLd.text(view, "url"));
    if (url != null) {
      telecom.add(new ContactPoint().setSystem(ContactPointSystem.URL).setValue(url));
    }
    // An event-specific contact beats the organiser's general one, which is on the Organization.
    telecom.addAll(telecoms.map(JsonLd.get(view, "beta:contactPoint", "contactPoint"), false));
    return telecom;
  }
}
