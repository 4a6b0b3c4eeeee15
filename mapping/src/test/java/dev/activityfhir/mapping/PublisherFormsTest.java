package dev.activityfhir.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The variant and legacy forms real publishers send (NOTES.md section 7), each mapped to the same
 * FHIR as its standard form, and every result valid R4.
 */
class PublisherFormsTest {

  private final OpenActiveMapper mapper = OpenActiveMapper.withBundledVocabularies();

  private HealthcareService service(String changes) {
    return mapper.mapParent(MessyData.series(changes)).service();
  }

  @Test
  void everyVariantFormMapsToValidR4() {
    OpenActiveItem item =
        MessyData.series(
            "{\"@id\":null,\"identifier\":[{\"@type\":\"PropertyValue\",\"name\":\"Code\",\"value\":7}],"
                + "\"genderRestriction\":[\"mixed\"],\"ageRange\":\"18-65\",\"offers\":null,"
                + "\"offer\":{\"price\":\"0.00\"},\"category\":[\"Walking\"],\"programme\":\"X\","
                + "\"beta:level\":[\"Beginner\"],\"isCoached\":true,"
                + "\"eventAttendanceMode\":\"MixedEventAttendanceMode\","
                + "\"virtualLocation\":\"https://meet.example/x\","
                + "\"eventSchedule\":[{\"@type\":\"PartialSchedule\",\"byDay\":[\"MO\"]}],"
                + "\"subEvent\":[{\"@type\":\"ScheduledSession\",\"identifier\":\"s1\","
                + "\"startDate\":\"2030-05-01T18:30:00+01:00\",\"beta:availability\":\"0\","
                + "\"beta:remainingAttendeeCapacityVirtual\":3}]}");
    MappedParent mapped = mapper.mapParent(item);
    for (var resource : MessyData.resources(mapper, item, mapped)) {
      assertThat(FhirValidation.errors(resource)).isEmpty();
    }
    assertThat(mapped.ownSlots()).hasSize(1);
  }

  private static List<String> prices(HealthcareService service) {
    return service.getExtensionsByUrl(OfferMapper.OFFER_URL).stream()
        .map(o -> (Money) o.getExtensionByUrl("price").getValue())
        .map(m -> m.getValue().stripTrailingZeros().toPlainString() + " " + m.getCurrency())
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"BKG-1042\"|BKG-1042|",
        "1042|1042|",
        "[{\"@type\":\"PropertyValue\",\"propertyID\":\"BookingId\",\"value\":\"77\"}]|77|BookingId",
        "{\"@type\":\"PropertyValue\",\"name\":\"ClubCode\",\"value\":991}|991|ClubCode",
      })
  void publisherIdentifierInEveryFormIsKeptWithTheFeedAsSystem(
      String identifier, String value, String kind) {
    HealthcareService service = service("{\"@id\":null,\"identifier\":" + identifier + "}");
    assertThat(service.getIdentifier()).singleElement().satisfies(
        id -> {
          assertThat(id.getSystem()).isEqualTo(MessyData.FEED);
          assertThat(id.getValue()).isEqualTo(value);
          assertThat(id.getType().getText()).isEqualTo(kind);
        });
  }

  @Test
  void identifierSitsBesideTheAtIdAndOnSlots() {
    OpenActiveItem item =
        MessyData.series(
            "{\"identifier\":\"S-42\",\"subEvent\":[{\"@type\":\"ScheduledSession\","
                + "\"identifier\":8812,\"startDate\":\"2030-05-01T18:30:00+01:00\","
                + "\"endDate\":\"2030-05-01T19:30:00+01:00\"}]}");
    MappedParent mapped = mapper.mapParent(item);
    assertThat(mapped.service().getIdentifier())
        .extracting(i -> i.getSystem() + " " + i.getValue())
        .containsExactly(
            "https://openactive.io/ " + MessyData.SERIES_ID, MessyData.FEED + " S-42");
    assertThat(mapped.ownSlots().get(0).getIdentifier())
        .extracting(i -> i.getSystem() + " " + i.getValue())
        .containsExactly(MessyData.FEED + " 8812");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"https://openactive.io/NoRestriction\"|NoRestriction",
        "\"http://openactive.io/ns#None\"|NoRestriction",
        "\"mixed\"|NoRestriction",
        "\"Mixed\"|NoRestriction",
        "\"male\"|MaleOnly",
        "\"female\"|FemaleOnly",
        "\"oa:FemaleOnly\"|FemaleOnly",
        "[\"https://openactive.io/FemaleOnly\"]|FemaleOnly",
        "[\"male\",\"female\"]|NoRestriction",
        "[\"mixed\"]|NoRestriction",
      })
  void genderRestrictionInEveryFormSeen(String value, String code) {
    HealthcareService service = service("{\"genderRestriction\":" + value + "}");
    var gender = Fhir.eligibility(service, EligibilityMapper.GENDER_SYSTEM);
    assertThat(gender).as("no restriction is an entry of its own").isNotNull();
    assertThat(gender.getCode().getCodingFirstRep().getCode()).isEqualTo(code);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"offers\":[{\"@type\":\"Offer\",\"price\":0}]}|0 GBP",
        "{\"offers\":{\"@type\":\"Offer\",\"price\":0,\"priceCurrency\":\"GBP\"}}|0 GBP",
        "{\"offers\":null,\"offer\":{\"@type\":\"Offer\",\"price\":\"0.00\"}}|0 GBP",
        "{\"offers\":[{\"@type\":\"Offer\",\"price\":\"5.00\",\"priceCurrency\":\"GBP\"}]}|5 GBP",
        "{\"offers\":[{\"@type\":\"Offer\",\"price\":\"£3.50\",\"priceCurrency\":\"GBP\"}]}|3.5 GBP",
        "{\"offers\":[{\"@type\":\"Offer\",\"price\":\"Free\"}]}|0 GBP",
        "{\"offers\":null,\"isAccessibleForFree\":true}|0 GBP",
        "{\"offers\":[{\"@type\":\"Offer\",\"name\":\"Adult\"}],\"isAccessibleForFree\":\"true\"}|0 GBP",
      })
  void pricesInEveryFormSeen(String changes, String price) {
    HealthcareService service = service(changes);
    assertThat(prices(service)).containsExactly(price);
    String provision = service.getServiceProvisionCodeFirstRep().getCodingFirstRep().getCode();
    assertThat(provision).isEqualTo(price.startsWith("0 ") ? "free" : "cost");
  }

  @Test
  void paidOffersAreNotMadeFreeByTheFlag() {
    HealthcareService service = service("{\"isAccessibleForFree\":false}");
    assertThat(prices(service)).containsExactly("4.5 GBP");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"@type\":\"QuantitativeValue\",\"minValue\":18,\"maxValue\":65}|18..65|Ages 18 to 65",
        "{\"@type\":\"QuantitativeValue\",\"minValue\":\"60\"}|60..|Ages 60+",
        "\"18\"|18..|Ages 18+",
        "\"18+\"|18..|Ages 18+",
        "\"18-65\"|18..65|Ages 18 to 65",
        "\"5 to 11 years\"|5..11|Ages 5 to 11",
        "16|16..|Ages 16+",
      })
  void ageRangeInEveryFormSeen(String value, String range, String words) {
    HealthcareService service = service("{\"ageRange\":" + value + "}");
    var age = Fhir.eligibility(service, EligibilityMapper.CRITERION_SYSTEM);
    assertThat(Fhir.ageRange(age)).isEqualTo(range);
    assertThat(age.getComment()).isEqualTo(words);
    assertThat(age.getExtensionByUrl(EligibilityMapper.ASSUMED_URL)).isNull();
  }

  @Test
  void adultsAreAssumedOnlyWhenNoAgeIsGiven() {
    var assumed = Fhir.eligibility(service("{}"), EligibilityMapper.CRITERION_SYSTEM);
    assertThat(Fhir.ageRange(assumed)).isEqualTo("18..");
    assertThat(assumed.getExtensionByUrl(EligibilityMapper.ASSUMED_URL)).isNotNull();
    var unreadable =
        Fhir.eligibility(
            service("{\"ageRange\":\"Juniors\"}"), EligibilityMapper.CRITERION_SYSTEM);
    assertThat(unreadable.getComment()).isEqualTo("Age range as published: Juniors");
    assertThat(unreadable.getExtensionByUrl(EligibilityMapper.AGE_RANGE_URL)).isNull();
    assertThat(unreadable.getExtensionByUrl(EligibilityMapper.ASSUMED_URL)).isNull();
  }

  @Test
  void daysWithoutTimesAreKeptAndOccurrencesAddTheirTimes() {
    HealthcareService service =
        service(
            "{\"eventSchedule\":[{\"@type\":\"PartialSchedule\",\"repeatFrequency\":\"P1W\","
                + "\"byDay\":[\"schema:Monday\",\"TH\"]}],"
                + "\"subEvent\":[{\"@type\":\"ScheduledSession\","
                + "\"startDate\":\"2030-05-02T10:00:00+01:00\",\"endDate\":\"2030-05-02T11:00:00+01:00\"}]}");
    assertThat(service.getAvailableTime())
        .extracting(
            t ->
                t.getDaysOfWeek().stream().map(d -> d.getValue().toCode()).toList()
                    + " "
                    + t.getAllDay()
                    + " "
                    + t.getAvailableStartTime())
        .containsExactly("[mon, thu] true null", "[thu] false 10:00:00");
  }

  private static List<String> weeklyTimes(HealthcareService service) {
    return service.getAvailableTime().stream()
        .map(
            t ->
                t.getDaysOfWeek().stream().map(d -> d.getValue().toCode()).toList()
                    + " "
                    + t.getAllDay()
                    + " "
                    + t.getAvailableStartTime()
                    + "-"
                    + t.getAvailableEndTime())
        .toList();
  }

  @Test
  void sessionsFromAFeedOfTheirOwnAddTheirWeekdaysToTheScheduleDays() {
    // A SessionSeries naming its days only; its ScheduledSessions come from a separate feed, one of
    // them on a day the schedule does not name (a Saturday special), one a duplicate time.
    OccurrenceTimes harvested =
        OccurrenceTimes.builder()
            .add(millis("2030-05-06T18:30:00+01:00"), millis("2030-05-06T19:30:00+01:00"))
            .add(millis("2030-05-13T18:30:00+01:00"), millis("2030-05-13T19:30:00+01:00"))
            .add(millis("2030-05-11T09:00:00+01:00"), millis("2030-05-11T10:00:00+01:00"))
            // a two-day course: no weekly time
            .add(millis("2030-05-11T09:00:00+01:00"), millis("2030-05-12T17:00:00+01:00"))
            .build();
    OpenActiveItem item =
        MessyData.series(
            "{\"eventSchedule\":[{\"@type\":\"PartialSchedule\",\"repeatFrequency\":\"P1W\","
                + "\"byDay\":[\"https://schema.org/Monday\",\"https://schema.org/Thursday\"]}]}");
    MappedParent mapped = mapper.mapParent(item, harvested);
    assertThat(weeklyTimes(mapped.service()))
        .containsExactly(
            "[mon, thu] true null-null", "[mon] false 18:30:00-19:30:00", "[sat] false 09:00:00-10:00:00");
    assertThat(FhirValidation.errors(mapped.service())).isEmpty();

    // A series that publishes its weekly times keeps them alone.
    HealthcareService timed =
        mapper
            .mapParent(
                MessyData.series(
                    "{\"eventSchedule\":[{\"@type\":\"PartialSchedule\",\"byDay\":[\"MO\"],"
                        + "\"startTime\":\"18:30\",\"endTime\":\"19:30\"}]}"),
                harvested)
            .service();
    assertThat(weeklyTimes(timed)).containsExactly("[mon] false 18:30:00-19:30:00");
  }

  @Test
  void manyDistinctOccurrenceTimesBecomeOneSpanPerWeekday() {
    OccurrenceTimes.Builder slots = OccurrenceTimes.builder();
    // Half-hour court slots from 07:00 to 22:00 on Tuesdays: 30 distinct times.
    long tuesday = millis("2030-05-07T07:00:00+01:00");
    for (int i = 0; i < 30; i++) {
      slots.add(tuesday + i * 1_800_000L, tuesday + (i + 1) * 1_800_000L);
    }
    slots.add(millis("2030-05-08T12:00:00+01:00"), millis("2030-05-08T13:00:00+01:00"));
    assertThat(slots.build().times())
        .extracting(t -> t.day() + " " + t.start() + "-" + t.end())
        .containsExactly("TUESDAY 07:00-22:00", "WEDNESDAY 12:00-13:00");
  }

  private static long millis(String offsetDateTime) {
    return java.time.OffsetDateTime.parse(offsetDateTime).toInstant().toEpochMilli();
  }

  @Test
  void lostPropertiesAreKept() {
    HealthcareService service =
        service(
            "{\"category\":[\"Walking\",{\"@type\":\"Concept\",\"prefLabel\":\"Low impact\"}],"
                + "\"programme\":\"Walking Netball Programme\","
                + "\"level\":[\"Beginner\"],\"beta:level\":[\"beginner\",\"Intermediate\"],"
                + "\"beta:hasCoaching\":true,"
                + "\"location\":{\"@type\":\"Place\",\"name\":\"Court 2\","
                + "\"amenityFeature\":[{\"@type\":\"Toilets\",\"name\":\"Toilets\",\"value\":true},"
                + "{\"@type\":\"Parking\",\"name\":\"Parking\",\"value\":false},"
                + "{\"@type\":\"LocationFeatureSpecification\",\"name\":\"Cafe\",\"value\":true}],"
                + "\"containedInPlace\":{\"@type\":\"Place\",\"name\":\"Clapton Sports Hall\","
                + "\"address\":{\"@type\":\"PostalAddress\",\"streetAddress\":\"1 Mare Street\","
                + "\"postalCode\":\"E8 4RP\"},\"geo\":{\"latitude\":51.5452,\"longitude\":-0.0553}}}}");
    assertThat(service.getCategory()).extracting(c -> c.getText()).contains("Walking", "Low impact");
    assertThat(service.getProgramFirstRep().getText()).isEqualTo("Walking Netball Programme");
    assertThat(Fhir.codes(service.getCharacteristic()))
        .containsExactly(
            CharacteristicMapper.LEVEL_SYSTEM + "|beginner",
            CharacteristicMapper.LEVEL_SYSTEM + "|intermediate",
            CharacteristicMapper.SESSION_FEATURE_SYSTEM + "|coached",
            CharacteristicMapper.AMENITY_SYSTEM + "|toilets",
            "null|null",
            AttendanceMode.SYSTEM + "|in-person");
    assertThat(service.getCharacteristic().get(4).getText()).isEqualTo("Cafe");
    Location location = mapper.mapParent(MessyData.series(
        "{\"location\":{\"@type\":\"Place\",\"name\":\"Court 2\",\"containedInPlace\":{"
            + "\"address\":{\"postalCode\":\"E8 4RP\"},\"geo\":{\"latitude\":51.5,\"longitude\":-0.05}}}}"))
        .location();
    assertThat(location.getAddress().getPostalCode()).isEqualTo("E8 4RP");
    assertThat(location.getPosition().getLatitude()).isEqualByComparingTo("51.5");
  }

  @ParameterizedTest(name = "programme {0}")
  @ValueSource(
      strings = {
        "{\"@type\":\"Brand\",\"name\":\"This Girl Can\"}",
        "\"This Girl Can\"",
      })
  void programmeAsObjectOrString(String programme) {
    assertThat(service("{\"programme\":" + programme + "}").getProgramFirstRep().getText())
        .isEqualTo("This Girl Can");
  }

  @Test
  void notCoachedIsSaidToo() {
    assertThat(Fhir.codes(service("{\"isCoached\":false}").getCharacteristic()))
        .contains(CharacteristicMapper.SESSION_FEATURE_SYSTEM + "|not-coached");
  }

  private Slot occurrence(String seriesChanges, String session) {
    OpenActiveItem item =
        MessyData.series(seriesChanges.replace("}", ",\"subEvent\":[" + session + "]}"));
    MappedParent mapped = mapper.mapParent(item);
    assertThat(mapped.ownSlots()).hasSize(1);
    Slot slot = mapped.ownSlots().get(0);
    assertThat(FhirValidation.errors(slot)).isEmpty();
    return slot;
  }

  @Test
  void startOnlyOccurrenceGetsAnAssumedOneHourEnd() {
    Slot slot =
        occurrence(
            "{\"@id\":\"https://publisher.example/session-series/42\"}",
            "{\"@type\":\"Event\",\"startDate\":\"2030-05-01T18:30:00+01:00\"}");
    assertThat(slot.getEndElement().getValueAsString()).isEqualTo("2030-05-01T18:30:00.000Z");
    assertThat(slot.getEndElement().getExtensionByUrl(EligibilityMapper.ASSUMED_URL)).isNotNull();
  }

  @ParameterizedTest(name = "availability {0}")
  @CsvSource({"0, busy", "'\"0\"', busy", "'\"3\"', free", "5, free"})
  void betaAvailabilityAsNumberOrString(String availability, String status) {
    Slot slot =
        occurrence(
            "{\"@id\":\"https://publisher.example/session-series/42\"}",
            "{\"@type\":\"ScheduledSession\",\"startDate\":\"2030-05-01T18:30:00+01:00\","
                + "\"duration\":\"PT1H\",\"beta:availability\":"
                + availability
                + "}");
    assertThat(slot.getStatus().toCode()).isEqualTo(status);
  }

  @Test
  void onlineSessionWithPlacesIsNotBusyWhenTheRoomIsFull() {
    String online =
        "{\"eventAttendanceMode\":\"https://schema.org/MixedEventAttendanceMode\","
            + "\"beta:virtualLocation\":{\"@type\":\"VirtualLocation\","
            + "\"url\":\"https://meet.example/netball\"}}";
    Slot slot =
        occurrence(
            online,
            "{\"@type\":\"ScheduledSession\",\"startDate\":\"2030-05-01T18:30:00+01:00\","
                + "\"duration\":\"PT1H\",\"remainingAttendeeCapacity\":0,"
                + "\"beta:remainingAttendeeCapacityVirtual\":12}");
    assertThat(slot.getStatus().toCode()).isEqualTo("free");
    assertThat(Fhir.value(slot, SlotMapper.CAPACITY_URL)).isEqualTo("0");
    assertThat(Fhir.value(slot, SlotMapper.VIRTUAL_CAPACITY_URL)).isEqualTo("12");
    assertThat(Fhir.value(slot, AttendanceMode.VIRTUAL_LOCATION_URL))
        .isEqualTo("https://meet.example/netball");
    HealthcareService service = service(online);
    assertThat(Fhir.codes(service.getCharacteristic())).contains(AttendanceMode.SYSTEM + "|mixed");
    assertThat(Fhir.value(service, AttendanceMode.VIRTUAL_LOCATION_URL))
        .isEqualTo("https://meet.example/netball");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"eventAttendanceMode\":\"OnlineEventAttendanceMode\",\"location\":null}|online",
        "{\"eventAttendanceMode\":\"schema:OfflineEventAttendanceMode\"}|in-person",
        "{\"virtualLocation\":\"https://meet.example/x\",\"location\":null}|online",
        "{\"virtualLocation\":\"https://meet.example/x\"}|mixed",
        "{}|in-person",
      })
  void attendanceModeInEveryForm(String changes, String mode) {
    assertThat(Fhir.codes(service(changes).getCharacteristic()))
        .contains(AttendanceMode.SYSTEM + "|" + mode);
  }

  @Test
  void fullOnlineOnlySessionIsBusy() {
    Slot slot =
        occurrence(
            "{\"eventAttendanceMode\":\"OnlineEventAttendanceMode\",\"location\":null,"
                + "\"virtualLocation\":\"https://meet.example/x\"}",
            "{\"@type\":\"ScheduledSession\",\"startDate\":\"2030-05-01T18:30:00+01:00\","
                + "\"duration\":\"PT1H\",\"beta:remainingAttendeeCapacityVirtual\":0}");
    assertThat(slot.getStatus().toCode()).isEqualTo("busy");
  }

}
