package dev.activityfhir.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.HealthcareService.HealthcareServiceAvailableTimeComponent;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.Test;

/** Parent items of the real OpenActive examples, mapped and checked value by value. */
class ParentMappingTest {

  private static final String BODYPUMP = "5e78bcbe-36db-425a-9064-bf96d09cc351";
  private static final String VISUAL_IMPAIRMENT = "1393f2dc-3fcc-4be9-a99f-f1e51f5ad277";

  private final OpenActiveMapper mapper = OpenActiveMapper.withBundledVocabularies();

  @Test
  void sessionSeriesBecomesAHealthcareService() {
    MappedParent mapped = mapper.mapParent(Examples.first("sessionseries_example_1.json"));
    HealthcareService service = mapped.service();
    String atId = "https://example.com/api/session-series/1402CBP20150217";

    assertThat(service.getIdPart()).isEqualTo(ResourceIds.healthcareService(atId));
    assertThat(service.getIdentifierFirstRep().getSystem()).isEqualTo("https://openactive.io/");
    assertThat(service.getIdentifierFirstRep().getValue()).isEqualTo(atId);
    assertThat(service.getActive()).isTrue();
    assertThat(service.getName()).isEqualTo("Virtual BODYPUMP");
    assertThat(service.getComment())
        .startsWith("This is the virtual version of the original barbell class");
    assertThat(Fhir.codes(service.getCategory()))
        .startsWith("https://activityfhir.dev/fhir/CodeSystem/service-category|physical-activity");
    assertThat(service.getCategory())
        .extracting(c -> c.getText())
        .containsExactly(
            null, "Group Exercise Classes", "Toning & Strength", "Group Exercise - Virtual");
    assertThat(Fhir.codes(service.getType()))
        .containsExactly("https://openactive.io/activity-list|" + BODYPUMP);
    assertThat(Fhir.coding(service.getTypeFirstRep()).getDisplay()).isEqualTo("Bodypump™");
    assertThat(Fhir.codes(service.getCharacteristic()))
        .containsExactly(
            "https://openactive.io/accessibility-support|" + VISUAL_IMPAIRMENT,
            "https://activityfhir.dev/fhir/CodeSystem/level|beginner",
            CharacteristicMapper.AMENITY_SYSTEM + "|changing-facilities",
            CharacteristicMapper.AMENITY_SYSTEM + "|lockers",
            CharacteristicMapper.AMENITY_SYSTEM + "|parking",
            AttendanceMode.SYSTEM + "|in-person");
    assertThat(service.getPhoto().getUrl())
        .isEqualTo(
            "https://s3-eu-west-2.amazonaws.com/prod-everyoneactive-wp/wp-content/uploads/2017/10/26092236/Ea-Image2.jpg");
    assertThat(service.getTelecomFirstRep().getValue())
        .isEqualTo(
            "https://profile.everyoneactive.com/booking?Site=0140&Activities=1402CBP20150217&Culture=en-GB");
    assertThat(Fhir.codes(service.getServiceProvisionCode()))
        .containsExactly("http://terminology.hl7.org/CodeSystem/service-provision-conditions|cost");
  }

  @Test
  void sessionSeriesEligibilityScheduleAndPrices() {
    HealthcareService service =
        mapper.mapParent(Examples.first("sessionseries_example_1.json")).service();

    var age = Fhir.eligibility(service, EligibilityMapper.CRITERION_SYSTEM);
    assertThat(age.getComment()).isEqualTo("Ages 16+");
    assertThat(Fhir.ageRange(age)).isEqualTo("16..");
    assertThat(age.getExtensionByUrl(EligibilityMapper.ASSUMED_URL)).isNull();
    var gender = Fhir.eligibility(service, EligibilityMapper.GENDER_SYSTEM);
    assertThat(gender.getCode().getCodingFirstRep().getCode()).isEqualTo("NoRestriction");
    assertThat(gender.getComment()).isEqualTo("Open to all genders");

    assertThat(service.getAvailableTime()).hasSize(1);
    HealthcareServiceAvailableTimeComponent tuesday = service.getAvailableTimeFirstRep();
    assertThat(tuesday.getDaysOfWeek())
        .extracting(d -> d.getValue().toCode())
        .containsExactly("tue");
    assertThat(tuesday.getAvailableStartTime()).isEqualTo("20:15:00");
    assertThat(tuesday.getAvailableEndTime()).isEqualTo("20:45:00");

    List<Extension> offers = service.getExtensionsByUrl(OfferMapper.OFFER_URL);
    assertThat(offers).hasSize(2);
    assertThat(Fhir.value(offers.get(0), "name")).isEqualTo("Oxygen - Adult");
    Money adult = (Money) offers.get(0).getExtensionByUrl("price").getValue();
    assertThat(adult.getValue()).isEqualByComparingTo("3.3");
    assertThat(adult.getCurrency()).isEqualTo("GBP");
    assertThat(offers.get(0).getExtensionByUrl("ageRange")).isNull();
    assertThat(Fhir.range((Range) offers.get(1).getExtensionByUrl("ageRange").getValue()))
        .isEqualTo("50..");
  }

  @Test
  void sessionSeriesLocationOrganizationAndReferences() {
    MappedParent mapped = mapper.mapParent(Examples.first("sessionseries_example_1.json"));
    Location location = mapped.location();
    Organization organization = mapped.organization();

    assertThat(location).isNotNull();
    assertThat(location.getName()).isEqualTo("Middlesbrough Sports Village");
    assertThat(location.getAddress().getPostalCode()).isEqualTo("TS4 3AE");
    assertThat(location.getAddress().getLine())
        .extracting(l -> l.getValue())
        .containsExactly("Alan Peacock Way");
    assertThat(location.getAddress().getCity()).isEqualTo("Village East");
    assertThat(location.getAddress().getCountry()).isEqualTo("GB");
    assertThat(location.getPosition().getLatitude()).isEqualByComparingTo("54.543964");
    assertThat(location.getPosition().getLongitude()).isEqualByComparingTo("-1.20978500000001");
    assertThat(location.getTelecomFirstRep().getValue()).isEqualTo("01642 728555");
    assertThat(location.getHoursOfOperation()).hasSize(4);
    assertThat(location.getHoursOfOperationFirstRep().getOpeningTime()).isEqualTo("06:00:00");

    assertThat(organization).isNotNull();
    assertThat(organization.getName()).isEqualTo("Everyone Active");
    assertThat(organization.getIdPart())
        .isEqualTo(
            ResourceIds.organization(
                    Examples.firstData("sessionseries_example_1.json").get("organizer"))
                .orElseThrow());
    assertThat(organization.getIdentifierFirstRep().getValue())
        .isEqualTo("https://id.bookingsystem.example.com/organizers/1");
    assertThat(organization.getTelecom())
        .extracting(t -> t.getSystem().toCode() + ":" + t.getValue())
        .containsExactly(
            "phone:01455 890508",
            "email:customerservices@gll.org",
            "url:https://www.everyoneactive.com/");

    HealthcareService service = mapped.service();
    assertThat(service.getProvidedBy().getReference())
        .isEqualTo("Organization/" + organization.getIdPart());
    assertThat(service.getLocationFirstRep().getReference())
        .isEqualTo("Location/" + location.getIdPart());
  }

  @Test
  void embeddedScheduledSessionsBecomeOwnSlots() {
    OpenActiveItem item = Examples.first("sessionseries_example_1.json");
    List<Slot> slots = mapper.mapParent(item).ownSlots();

    assertThat(slots).hasSize(2);
    Slot first = slots.get(0);
    assertThat(first.getIdPart())
        .isEqualTo(
            ResourceIds.slot(
                "https://example.com/api/session-series/1402CBP20150217#/subEvent/1400109454"));
    assertThat(first.getSchedule().getReference())
        .isEqualTo(
            "Schedule/"
                + ResourceIds.schedule("https://example.com/api/session-series/1402CBP20150217"));
    assertThat(first.getStart().toInstant()).isEqualTo(Instant.parse("2018-10-02T19:15:00Z"));
    assertThat(first.getEnd().toInstant()).isEqualTo(Instant.parse("2018-10-02T19:45:00Z"));
    assertThat(first.getStatus()).isEqualTo(Slot.SlotStatus.FREE);
    assertThat(Fhir.value(first, SlotMapper.CAPACITY_URL)).isEqualTo("2");
    assertThat(Fhir.value(first, SlotMapper.MAXIMUM_CAPACITY_URL)).isEqualTo("16");
    assertThat(Fhir.codes(first.getServiceType()))
        .containsExactly("https://openactive.io/activity-list|" + BODYPUMP);
    assertThat(Fhir.value(slots.get(1), SlotMapper.CAPACITY_URL)).isEqualTo("12");
  }

  @Test
  void everyResourceCarriesMetaAndAttribution() {
    MappedParent mapped = mapper.mapParent(Examples.first("sessionseries_example_1.json"));
    for (var resource :
        List.of(
            mapped.service(), mapped.location(), mapped.organization(), mapped.ownSlots().get(0))) {
      // modified 1521565719 is epoch seconds
      assertThat(Fhir.lastUpdated(resource)).isEqualTo(Instant.parse("2018-03-20T17:08:39Z"));
      assertThat(resource.getMeta().getSource())
          .isEqualTo("https://www.example.com/api/rpde/sessions");
      Extension attribution = Fhir.attribution(resource);
      assertThat(Fhir.value(attribution, "license"))
          .isEqualTo("https://creativecommons.org/licenses/by/4.0/");
      assertThat(Fhir.value(attribution, "publisher")).isEqualTo("Everyone Active");
      assertThat(Fhir.value(attribution, "harvested")).isEqualTo("2026-01-15T09:30:00Z");
    }
    assertThat(Fhir.value(Fhir.attribution(mapped.service()), "source"))
        .isEqualTo("https://example.com/api/session-series/1402CBP20150217");
  }

  @Test
  void splitSessionSeriesHasNoOwnSlotsAndTwoWeekdays() {
    MappedParent mapped = mapper.mapParent(Examples.first("sessionseries-split_example_1.json"));
    assertThat(mapped.ownSlots()).isEmpty();
    HealthcareServiceAvailableTimeComponent time = mapped.service().getAvailableTimeFirstRep();
    assertThat(time.getDaysOfWeek())
        .extracting(d -> d.getValue().toCode())
        .containsExactly("tue", "sun");
    assertThat(time.getAvailableStartTime()).isEqualTo("08:30:00");
    assertThat(time.getAvailableEndTime()).isEqualTo("09:30:00");
  }

  @Test
  void sessionSeriesInheritsFromItsEventSeries() {
    HealthcareService service =
        mapper
            .mapParent(Examples.first("sessionseries-eventseries-split_example_1.json"))
            .service();
    assertThat(service.getName()).isEqualTo("Virtual BODYPUMP");
    assertThat(Fhir.codes(service.getType()))
        .containsExactly("https://openactive.io/activity-list|" + BODYPUMP);
    assertThat(Fhir.ageRange(Fhir.eligibility(service, EligibilityMapper.CRITERION_SYSTEM)))
        .isEqualTo("18..30");
    assertThat(Fhir.eligibility(service, EligibilityMapper.CRITERION_SYSTEM).getComment())
        .isEqualTo("Ages 18 to 30");
    assertThat(service.getProvidedBy().getDisplay()).isEqualTo("Everyone Active");
    // its own identity, never the EventSeries'
    assertThat(service.getIdentifierFirstRep().getValue())
        .isEqualTo("https://opensessions.io/api/session-series/1402CBP20150217");
  }

  @Test
  void eventWithFreeOfferAndOwnStartDate() {
    MappedParent mapped = mapper.mapParent(Examples.first("event_example_1.json"));
    HealthcareService service = mapped.service();

    assertThat(service.getName()).isEqualTo("Alan's social ride group Gorhambury House loop");
    assertThat(Fhir.codes(service.getType()))
        .containsExactly(
            "https://openactive.io/activity-list|2a41c553-84be-4970-b3d0-42f9ef6bd9a4");
    assertThat(Fhir.coding(service.getTypeFirstRep()).getDisplay()).isEqualTo("Road Cycling");
    assertThat(Fhir.eligibility(service, EligibilityMapper.GENDER_SYSTEM))
        .as("no genderRestriction given")
        .isNull();
    assertThat(Fhir.codes(service.getCharacteristic()))
        .containsExactly(
            "https://activityfhir.dev/fhir/CodeSystem/level|steady",
            CharacteristicMapper.AMENITY_SYSTEM + "|changing-facilities",
            CharacteristicMapper.AMENITY_SYSTEM + "|lockers",
            CharacteristicMapper.AMENITY_SYSTEM + "|parking",
            AttendanceMode.SYSTEM + "|in-person");
    assertThat(service.getExtraDetails()).contains("**Meeting point:** Gandhi courts car park");
    assertThat(service.getProgramFirstRep().getText()).isEqualTo("HSBC UK Ride Social");
    Extension offer = service.getExtensionByUrl(OfferMapper.OFFER_URL);
    Money price = (Money) offer.getExtensionByUrl("price").getValue();
    assertThat(price.getValue()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(price.getCurrency()).as("a zero price without currency is GBP").isEqualTo("GBP");
    assertThat(Fhir.value(offer, "url"))
        .isEqualTo("https://www.letsride.co.uk/rides/gorhambury-house-loop/book");
    assertThat(Fhir.codes(service.getServiceProvisionCode()))
        .containsExactly("http://terminology.hl7.org/CodeSystem/service-provision-conditions|free");

    assertThat(mapped.ownSlots()).hasSize(1);
    Slot slot = mapped.ownSlots().get(0);
    assertThat(slot.getStart().toInstant()).isEqualTo(Instant.parse("2019-08-25T09:00:00Z"));
    // no eventSchedule: the weekly time comes from the event itself (a Sunday, 10:00-12:40 BST)
    assertThat(service.getAvailableTime())
        .extracting(
            t ->
                t.getDaysOfWeek().get(0).getValue().toCode()
                    + " "
                    + t.getAvailableStartTime()
                    + "-"
                    + t.getAvailableEndTime())
        .containsExactly("sun 10:00:00-12:40:00");
    assertThat(slot.getEnd().toInstant()).isEqualTo(Instant.parse("2019-08-25T11:40:00Z"));
    assertThat(Fhir.value(slot, SlotMapper.CAPACITY_URL)).isEqualTo("21");
    assertThat(Fhir.value(slot, SlotMapper.BOOKING_DEEP_LINK_URL))
        .isEqualTo("https://www.letsride.co.uk/rides/gorhambury-house-loop");

    Location location = mapped.location();
    assertThat(location.getIdentifier()).as("the Place has no @id").isEmpty();
    assertThat(location.getIdPart())
        .isEqualTo(
            ResourceIds.location(Examples.firstData("event_example_1.json").get("location"))
                .orElseThrow());
    assertThat(location.getAddress().getPostalCode()).isEqualTo("TS4 3AE");
  }

  @Test
  void courseInstanceInheritsFromItsCourse() {
    MappedParent mapped = mapper.mapParent(Examples.first("courseinstance_example_1.json"));
    HealthcareService service = mapped.service();

    assertThat(service.getName()).isEqualTo("Netball Youth Camp");
    assertThat(Fhir.codes(service.getType()))
        .containsExactly(
            "https://openactive.io/activity-list|fbdc35a8-3dd0-40ee-a7ca-6ff40b3e5f90");
    assertThat(Fhir.eligibility(service, EligibilityMapper.CRITERION_SYSTEM).getComment())
        .isEqualTo("Ages 11 to 16");
    assertThat(Fhir.codes(service.getCharacteristic()))
        .containsExactly(
            "https://openactive.io/accessibility-support|" + VISUAL_IMPAIRMENT,
            "https://activityfhir.dev/fhir/CodeSystem/level|beginner",
            AttendanceMode.SYSTEM + "|in-person");
    assertThat(service.getExtraDetails()).contains("**Accessibility:** Please contact the centre");
    assertThat(service.getPhoto().getUrl()).endsWith("Netball-youth-camp-ball.jpg");
    assertThat(service.getExtensionsByUrl(OfferMapper.OFFER_URL))
        .extracting(
            o -> ((Money) o.getExtensionByUrl("price").getValue()).getValue().toPlainString())
        .containsExactly("124", "154");
    // a daily schedule without byDay runs every day
    assertThat(service.getAvailableTimeFirstRep().getDaysOfWeek()).hasSize(7);
    assertThat(service.getAvailableTimeFirstRep().getAvailableStartTime()).isEqualTo("09:00:00");
    assertThat(service.getAvailableTimeFirstRep().getAvailableEndTime()).isEqualTo("17:00:00");

    Slot course = mapped.ownSlots().get(0);
    // bare dates: from the start of 1 August to the end of 4 August, London time (BST)
    assertThat(course.getStart().toInstant()).isEqualTo(Instant.parse("2018-07-31T23:00:00Z"));
    assertThat(course.getEnd().toInstant()).isEqualTo(Instant.parse("2018-08-04T23:00:00Z"));
    assertThat(Fhir.value(course, SlotMapper.CAPACITY_URL)).isEqualTo("21");
    assertThat(Fhir.value(course, SlotMapper.MAXIMUM_CAPACITY_URL)).isEqualTo("30");
    assertThat(mapped.location().getAddress().getLine())
        .extracting(l -> l.getValue())
        .containsExactly("Long Eaton");
    assertThat(Fhir.lastUpdated(service)).isEqualTo(Instant.ofEpochSecond(1535645442));
  }

  @Test
  void facilityUseUsesHoursAvailableAndProvider() {
    MappedParent mapped = mapper.mapParent(Examples.first("facilityuse_example_1.json"));
    HealthcareService service = mapped.service();

    assertThat(service.getIdentifierFirstRep().getValue())
        .isEqualTo("http://www.example.org/facility-uses/1");
    assertThat(Fhir.codes(service.getType()))
        .containsExactly(
            "https://openactive.io/facility-types|bba8ae59-d152-40bc-85cc-88c5375696d4");
    assertThat(service.getTypeFirstRep().getText()).isEqualTo("Tennis Court");
    assertThat(service.getAvailableTime())
        .extracting(
            t ->
                t.getDaysOfWeek().stream().map(d -> d.getValue().toCode()).toList()
                    + " "
                    + t.getAvailableStartTime()
                    + "-"
                    + t.getAvailableEndTime())
        .containsExactly(
            "[sun] 09:00:00-17:30:00",
            "[mon, tue, wed, thu] 06:30:00-21:30:00",
            "[fri] 06:30:00-20:30:00",
            "[sat] 07:15:00-17:30:00");
    var age = Fhir.eligibility(service, EligibilityMapper.CRITERION_SYSTEM);
    assertThat(age.getComment())
        .isEqualTo("Ages 18+; assumed adults: the publisher gave no age range");
    assertThat(Fhir.value(age, EligibilityMapper.ASSUMED_URL)).isEqualTo("true");
    assertThat(mapped.organization().getName()).isEqualTo("Everyone Active");
    assertThat(mapped.location().getIdentifierFirstRep().getValue())
        .isEqualTo("http://www.example.org/api/locations/8958f9b8-2004-4e90-80ff-50c98a9b121d");
    assertThat(mapped.location().getPosition().getLatitude())
        .isEqualByComparingTo("51.5282923438685");
    assertThat(mapped.location().getAddress().getPostalCode()).isEqualTo("BS1 4SD");
    assertThat(mapped.ownSlots()).isEmpty();
    // modified 44234351 is a change number, not a time: the harvest time stands in
    assertThat(Fhir.lastUpdated(service)).isEqualTo(Examples.HARVESTED_AT);
  }

  @Test
  void aPlaceFeedItemIsIgnoredButMapsAsTheLocationOfASeries() {
    var place = Examples.firstData("place_example_1.json");
    assertThat(mapper.links(place).role()).isEqualTo(ItemRole.IGNORED);

    var series = (com.fasterxml.jackson.databind.node.ObjectNode) MessyData.series("{}").data();
    series.set("location", place);
    OpenActiveItem item =
        new OpenActiveItem(
            MessyData.FEED, "42", "1", series, Examples.HARVESTED_AT, Examples.CC_BY);
    Location location = mapper.mapParent(item).location();

    assertThat(location.getIdPart())
        .isEqualTo(ResourceIds.location(place).orElseThrow())
        .isEqualTo(ResourceIds.hash("Location https://api.example.com/places/1402CBP20150217"));
    assertThat(location.getName()).isEqualTo("Belle Vue Sports Village");
    assertThat(location.getAddress().getPostalCode()).isEqualTo("M12 4TF");
    assertThat(location.getAddress().getLine())
        .extracting(l -> l.getValue())
        .containsExactly("Kirkmanshulme Lane");
    assertThat(location.getPosition().getLatitude()).isEqualByComparingTo("53.483592");
    assertThat(location.getPosition().getLongitude()).isEqualByComparingTo("-2.269241");
    assertThat(location.getTelecom())
        .extracting(t -> t.getSystem().toCode() + ":" + t.getValue())
        .containsExactly(
            "phone:0161 231 0754",
            "email:bellevuesportsvillage@gll.org",
            "url:https://www.better.org.uk/leisure-centre/manchester/belle-vue-sports-village");
    assertThat(FhirValidation.errors(location)).isEmpty();
  }

  @Test
  void theSameItemAlwaysMapsToTheSameResources() {
    OpenActiveItem item = Examples.first("sessionseries_example_1.json");
    MappedParent once = mapper.mapParent(item);
    MappedParent again = OpenActiveMapper.withBundledVocabularies().mapParent(item);
    assertThat(Fhir.json(again.service())).isEqualTo(Fhir.json(once.service()));
    assertThat(Fhir.json(again.ownSlots().get(1))).isEqualTo(Fhir.json(once.ownSlots().get(1)));
  }

  @Test
  void childrenAndUnknownTypesAreNotParents() {
    assertThatThrownBy(
            () -> mapper.mapParent(Examples.first("scheduledsession-split_example_1.json")))
        .isInstanceOf(UnmappableItemException.class)
        .hasMessage("not a parent type: ScheduledSession");
    assertThatThrownBy(
            () ->
                mapper.mapParent(Examples.item("https://f", "1", "{\"@type\":\"OnDemandEvent\"}")))
        .isInstanceOf(UnmappableItemException.class)
        .hasMessage("not a parent type: OnDemandEvent");
    assertThatThrownBy(() -> mapper.mapParent(Examples.item("https://f", "1", "{\"name\":\"x\"}")))
        .isInstanceOf(UnmappableItemException.class)
        .hasMessage("not a parent type: (no @type)");
  }
}
