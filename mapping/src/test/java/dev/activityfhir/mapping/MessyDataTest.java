package dev.activityfhir.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What real feeds send, table by table: each case maps, and maps to valid FHIR. */
class MessyDataTest {

  private static final String WALKING_NETBALL = "1e48de7e-4f8f-49bd-8ab3-9d92edf2cedc";

  private final OpenActiveMapper mapper = OpenActiveMapper.withBundledVocabularies();

  private HealthcareService service(String changes) {
    return mapper.mapParent(MessyData.series(changes)).service();
  }

  @ParameterizedTest(name = "modified {0}, dateModified {1}")
  @CsvSource({
    "1521565719, , 2018-03-20T17:08:39Z",
    "1521565719000, , 2018-03-20T17:08:39Z",
    "2014-09-15T09:12:51.706+01:00, , 2014-09-15T08:12:51.706Z",
    "1152921504606846976, , harvested",
    "44234351, , harvested",
    "abc, , harvested",
    "1152921504606846976, 2023-04-05T06:07:08Z, 2023-04-05T06:07:08Z",
  })
  void lastUpdatedFromDateModifiedThenModifiedThenHarvest(
      String modified, String dateModified, String expected) {
    String changes = dateModified == null ? "{}" : "{\"dateModified\":\"" + dateModified + "\"}";
    MappedParent mapped = mapper.mapParent(MessyData.series(modified, changes));
    Instant instant =
        expected.equals("harvested") ? Examples.HARVESTED_AT : Instant.parse(expected);
    assertThat(Fhir.lastUpdated(mapped.service())).isEqualTo(instant);
    assertThat(Fhir.lastUpdated(mapped.location())).isEqualTo(instant);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://openactive.io/MaleOnly, MaleOnly, Men only",
    "http://openactive.io/MaleOnly, MaleOnly, Men only",
    "oa:MaleOnly, MaleOnly, Men only",
    "MaleOnly, MaleOnly, Men only",
    "https://openactive.io/FemaleOnly, FemaleOnly, Women only",
    "oa:FemaleOnly, FemaleOnly, Women only",
    "https://openactive.io/NoRestriction, NoRestriction, Open to all genders",
    "http://openactive.io/NoRestriction, NoRestriction, Open to all genders",
  })
  void genderRestrictionInEveryForm(String value, String code, String words) {
    HealthcareService service = service("{\"genderRestriction\":\"" + value + "\"}");
    var gender = Fhir.eligibility(service, EligibilityMapper.GENDER_SYSTEM);
    assertThat(gender.getCode().getCodingFirstRep().getCode()).isEqualTo(code);
    assertThat(gender.getComment()).isEqualTo(words);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({"https://openactive.io/Other", "''", "null"})
  void unknownOrMissingGenderGivesNoGenderEntry(String value) {
    String changes =
        value.equals("null")
            ? "{\"genderRestriction\":null}"
            : "{\"genderRestriction\":\"" + value + "\"}";
    HealthcareService service = service(changes);
    assertThat(Fhir.eligibility(service, EligibilityMapper.GENDER_SYSTEM)).isNull();
    assertThat(Fhir.eligibility(service, EligibilityMapper.CRITERION_SYSTEM)).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://schema.org/Wednesday, wed",
    "http://schema.org/Wednesday, wed",
    "schema:Wednesday, wed",
    "Wednesday, wed",
    "WE, wed",
    "https://schema.org/Saturday, sat",
    "SU, sun",
  })
  void byDayInEveryForm(String day, String code) {
    HealthcareService service =
        service(
            "{\"eventSchedule\":[{\"@type\":\"Schedule\",\"repeatFrequency\":\"P1W\",\"byDay\":[\""
                + day
                + "\"],\"startTime\":\"18:30\",\"endTime\":\"19:30\"}]}");
    assertThat(service.getAvailableTimeFirstRep().getDaysOfWeek())
        .extracting(d -> d.getValue().toCode())
        .containsExactly(code);
  }

  @Test
  void missingScheduleTimezoneMeansLondonLocalTimeAsPublished() {
    HealthcareService withZone = service("{}");
    HealthcareService withoutZone =
        service(
            "{\"eventSchedule\":[{\"@type\":\"Schedule\",\"repeatFrequency\":\"P1W\","
                + "\"byDay\":[\"http://schema.org/Wednesday\"],\"startTime\":\"18:30\",\"endTime\":\"19:30\"}]}");
    for (HealthcareService service : new HealthcareService[] {withZone, withoutZone}) {
      assertThat(service.getAvailableTimeFirstRep().getAvailableStartTime()).isEqualTo("18:30:00");
      assertThat(service.getAvailableTimeFirstRep().getAvailableEndTime()).isEqualTo("19:30:00");
    }
  }

  @Test
  void exceptDatesAsDatesOrUtcDateTimesBecomeNotAvailableDays() {
    HealthcareService service =
        service(
            "{\"eventSchedule\":[{\"@type\":\"Schedule\",\"repeatFrequency\":\"P1W\","
                + "\"byDay\":[\"schema:Tuesday\"],\"startTime\":\"00:30\",\"endTime\":\"01:30\","
                + "\"exceptDate\":[\"2018-10-30\",\"2018-10-22T23:30:00Z\",\"2018-10-30T00:30:00Z\"]}]}");
    // 2018-10-22T23:30Z is 00:30 BST on Tuesday 23 October; the third repeats 30 October
    assertThat(service.getNotAvailable())
        .extracting(
            n -> n.getDescription() + " " + n.getDuring().getStartElement().getValueAsString())
        .containsExactly(
            "No session on Tuesday 23 October 2018 2018-10-23",
            "No session on Tuesday 30 October 2018 2018-10-30");
    assertThat(FhirValidation.errors(service)).isEmpty();
  }

  @Test
  void aScheduleWithoutWeekdaysGivesNoWeeklyTime() {
    HealthcareService service =
        service(
            "{\"eventSchedule\":[{\"@type\":\"Schedule\",\"repeatFrequency\":\"P1M\","
                + "\"byMonthDay\":[1],\"startTime\":\"10:00\",\"endTime\":\"11:00\"}]}");
    assertThat(service.getAvailableTime()).isEmpty();
  }

  @Test
  void scheduleEndTimeFromDurationWhenEndTimeIsMissing() {
    HealthcareService service =
        service(
            "{\"eventSchedule\":[{\"@type\":\"PartialSchedule\",\"byDay\":[\"schema:Friday\"],"
                + "\"startTime\":\"23:30\",\"duration\":\"PT1H\"}]}");
    assertThat(service.getAvailableTimeFirstRep().getAvailableStartTime()).isEqualTo("23:30:00");
    assertThat(service.getAvailableTimeFirstRep().getAvailableEndTime()).isEqualTo("00:30:00");
  }

  @ParameterizedTest(name = "({0}, {1})")
  @CsvSource({
    "51.5452, -0.0553, 51.5452, -0.0553",
    "'\"51.5452\"', '\"-0.0553\"', 51.5452, -0.0553",
    "0, 0, , ",
    "0.0, 0.0, , ",
    "'\"0\"', '\"0\"', , ",
    "'\"\"', '\"\"', , ",
    "91, 10, , ",
    "'\"near the park\"', 10, , ",
  })
  void coordinatesAsNumbersOrStringsAndZeroZeroIsUnknown(
      String latitude, String longitude, String expectedLatitude, String expectedLongitude) {
    MappedParent mapped =
        mapper.mapParent(
            MessyData.series(
                "{\"location\":{\"@type\":\"Place\",\"name\":\"Clapton Sports Hall\","
                    + "\"address\":{\"postalCode\":\"E8 4RP\"},"
                    + "\"geo\":{\"latitude\":"
                    + latitude
                    + ",\"longitude\":"
                    + longitude
                    + "}}}"));
    Location location = mapped.location();
    assertThat(location).isNotNull();
    if (expectedLatitude == null) {
      assertThat(location.hasPosition()).isFalse();
    } else {
      assertThat(location.getPosition().getLatitude()).isEqualByComparingTo(expectedLatitude);
      assertThat(location.getPosition().getLongitude()).isEqualByComparingTo(expectedLongitude);
    }
    assertThat(FhirValidation.errors(location)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "null | Ages 18+; assumed adults: the publisher gave no age range | 18.. | true",
        "{\"minValue\":0} | All ages | 0.. | false",
        "{\"minValue\":5,\"maxValue\":11} | Ages 5 to 11 | 5..11 | false",
        "{\"minValue\":\"5\",\"maxValue\":\"11\"} | Ages 5 to 11 | 5..11 | false",
        "{\"maxValue\":11} | Ages up to 11 | ..11 | false",
        "{\"minValue\":60} | Ages 60+ | 60.. | false",
        "{\"@type\":\"QuantitativeValue\"} | Ages 18+; assumed adults: the publisher gave no age"
            + " range | 18.. | true",
      })
  void ageRangeRules(String ageRange, String words, String range, boolean assumed) {
    HealthcareService service = service("{\"ageRange\":" + ageRange + "}");
    var age = Fhir.eligibility(service, EligibilityMapper.CRITERION_SYSTEM);
    assertThat(age.getComment()).isEqualTo(words);
    assertThat(Fhir.ageRange(age)).isEqualTo(range);
    assertThat(age.getExtensionByUrl(EligibilityMapper.ASSUMED_URL) != null).isEqualTo(assumed);
    assertThat(FhirValidation.errors(service)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"@type\":\"Concept\",\"@id\":\"https://openactive.io/activity-list#1e48de7e-4f8f-49bd-8ab3-9d92edf2cedc\"}"
            + " | 1e48de7e-4f8f-49bd-8ab3-9d92edf2cedc | Walking Netball",
        "{\"type\":\"Concept\",\"id\":\"http://openactive.io/activity-list#1e48de7e-4f8f-49bd-8ab3-9d92edf2cedc\",\"prefLabel\":\"WN\"}"
            + " | 1e48de7e-4f8f-49bd-8ab3-9d92edf2cedc | Walking Netball",
        "\"Running\" | 72ddb2dc-7d75-424e-880a-d90eabe91381 | Running",
        "{\"prefLabel\":\"yoga\"} | bf1a5e00-cdcf-465d-8c5a-6f57040b7f7e | Yoga",
        "{\"prefLabel\":\"Squash Activities ST\"} | | Squash Activities ST",
        "\"General\" | | General",
      })
  void activityByIdThenLabelElseText(String activity, String code, String text) {
    HealthcareService service = service("{\"activity\":[" + activity + "]}");
    if (code == null) {
      assertThat(service.getTypeFirstRep().hasCoding()).isFalse();
    } else {
      assertThat(Fhir.codes(service.getType()))
          .containsExactly("https://openactive.io/activity-list|" + code);
    }
    assertThat(service.getTypeFirstRep().getText()).isEqualTo(text);
    assertThat(FhirValidation.errors(service)).isEmpty();
  }

  @Test
  void idAndTypeAliasesAreEquivalent() {
    OpenActiveItem aliased = MessyData.series("{}");
    ObjectNode data = (ObjectNode) aliased.data();
    data.put("id", data.remove("@id").asText());
    data.put("type", data.remove("@type").asText());
    MappedParent mapped = mapper.mapParent(aliased);
    MappedParent plain = mapper.mapParent(MessyData.series("{}"));
    assertThat(mapped.service().getIdPart()).isEqualTo(plain.service().getIdPart());
    assertThat(mapped.service().getIdentifierFirstRep().getValue()).isEqualTo(MessyData.SERIES_ID);
    assertThat(Fhir.codes(mapped.service().getType()))
        .containsExactly("https://openactive.io/activity-list|" + WALKING_NETBALL);
  }

  @Test
  void aPersonOrganizerIsNotRepublished() {
    OpenActiveItem item =
        MessyData.series(
            "{\"organizer\":{\"@type\":\"Person\",\"name\":\"Gianni"
                + " Becker\",\"email\":\"gianni@example.com\",\"telephone\":\"0708 571 9733\"}}");
    MappedParent mapped = mapper.mapParent(item);
    assertThat(mapped.organization()).isNull();
    assertThat(mapped.service().hasProvidedBy()).isFalse();
    assertThat(Fhir.value(Fhir.attribution(mapped.service()), "publisher")).isNull();
    for (var resource : MessyData.resources(mapper, item, mapped)) {
      String json = FhirValidation.CONTEXT.newJsonParser().encodeResourceToString(resource);
      assertThat(json).doesNotContain("Becker", "gianni@example.com", "0708 571 9733");
    }
  }

  @Test
  void anUntypedOrganizerWithPersonNamesIsAPerson() {
    MappedParent mapped =
        mapper.mapParent(
            MessyData.series("{\"organizer\":{\"givenName\":\"Ann\",\"familyName\":\"Lee\"}}"));
    assertThat(mapped.organization()).isNull();
  }

  @Test
  void aParentWithoutIdIsKeyedByFeedAndRpdeId() {
    MappedParent mapped =
        mapper.mapParent(MessyData.series("{\"@id\":null,\"identifier\":\"SS-42\"}"));
    assertThat(mapped.service().getIdPart())
        .isEqualTo(ResourceIds.healthcareService(MessyData.FEED + "#42"));
    assertThat(mapped.service().getIdentifier())
        .extracting(i -> i.getSystem() + " " + i.getValue())
        .containsExactly(MessyData.FEED + " SS-42");
  }

  @Test
  void aParentWithNeitherIdNorIdentifierIsRefused() {
    assertThatThrownBy(() -> mapper.mapParent(MessyData.series("{\"@id\":null}")))
        .isInstanceOf(UnmappableItemException.class)
        .hasMessage("no @id or identifier");
  }

  @Test
  void accessibilityAsPlainStringsAndWheelchairAccess() {
    HealthcareService service =
        service(
            "{\"accessibilitySupport\":[\"Hearing impairment\",\"Quiet space\"],"
                + "\"beta:isWheelchairAccessible\":true}");
    assertThat(service.getCharacteristic())
        .extracting(c -> c.getCodingFirstRep().getCode() + "/" + c.getText())
        .containsExactly(
            "2bfb7228-5969-4927-8435-38b5005a8771/Hearing impairment",
            "null/Quiet space",
            "wheelchair-accessible/Wheelchair accessible",
            "in-person/In person");
  }

  @Test
  void aVagueStringAddressIsKeptAsText() {
    MappedParent mapped =
        mapper.mapParent(
            MessyData.series(
                "{\"location\":{\"@type\":\"Place\",\"address\":\"Behind the church, Hackney\"}}"));
    assertThat(mapped.location().getAddress().getText()).isEqualTo("Behind the church, Hackney");
    assertThat(mapped.location().getName()).isEqualTo("Behind the church, Hackney");
    assertThat(FhirValidation.errors(mapped.location())).isEmpty();
  }

  @Test
  void aCancelledEventIsAnInactiveServiceWithAnUnavailableSlot() {
    OpenActiveItem event =
        MessyData.series(
            "{\"@type\":\"Event\",\"eventStatus\":\"https://schema.org/EventCancelled\","
                + "\"startDate\":\"2024-03-06T18:30:00Z\",\"endDate\":\"2024-03-06T19:30:00Z\",\"eventSchedule\":null}");
    MappedParent mapped = mapper.mapParent(event);
    assertThat(mapped.service().getActive()).isFalse();
    assertThat(mapped.ownSlots())
        .singleElement()
        .satisfies(s -> assertThat(s.getStatus().toCode()).isEqualTo("busy-unavailable"));
  }

  @Test
  void priceWithoutCurrencyAndFreeFlag() {
    HealthcareService service =
        service(
            "{\"offers\":[{\"@type\":\"Offer\",\"price\":\"0.00\"}],\"isAccessibleForFree\":true}");
    var price =
        (org.hl7.fhir.r4.model.Money)
            service.getExtensionByUrl(OfferMapper.OFFER_URL).getExtensionByUrl("price").getValue();
    assertThat(price.getValue()).isEqualByComparingTo("0");
    assertThat(price.getCurrency()).isEqualTo("GBP");
    assertThat(service.getServiceProvisionCodeFirstRep().getCodingFirstRep().getCode())
        .isEqualTo("free");
  }

  @Test
  void offersWithoutPriceAreLeftOut() {
    HealthcareService service =
        service("{\"offers\":[{\"@type\":\"Offer\",\"name\":\"Ask at reception\"},{\"price\":2}]}");
    assertThat(service.getExtensionsByUrl(OfferMapper.OFFER_URL))
        .singleElement()
        .satisfies(o -> assertThat(o.getExtensionByUrl("name")).isNull());
  }

  @Test
  void everyMessyVariantValidates() {
    String[] variants = {
      "{}",
      "{\"@id\":null,\"identifier\":7,\"organizer\":{\"@type\":\"Person\",\"name\":\"A B\"}}",
      "{\"location\":{\"@type\":\"Place\",\"geo\":{\"latitude\":\"0\",\"longitude\":\"0\"},\"name\":\"Park\"}}",
      "{\"activity\":[\"General\"],\"ageRange\":{\"minValue\":0},\"genderRestriction\":\"oa:FemaleOnly\"}",
      "{\"offers\":[{\"price\":12,\"url\":\"https://publisher.example/book/42?adult\",\"ageRange\":{\"maxValue\":17}}]}",
      "{\"subEvent\":[{\"@type\":\"ScheduledSession\",\"startDate\":\"2024-03-06T18:30:00Z\",\"duration\":\"PT1H\"},{\"@type\":\"ScheduledSession\",\"startDate\":\"not"
          + " a date\"}]}",
    };
    for (String variant : variants) {
      OpenActiveItem item = MessyData.series(variant);
      for (var resource : MessyData.resources(mapper, item, mapper.mapParent(item))) {
        assertThat(FhirValidation.errors(resource))
            .as(variant + " " + resource.fhirType())
            .isEmpty();
      }
    }
  }

  @Test
  void anEmbeddedOccurrenceWithoutIdOrDatesIsHandled() {
    MappedParent mapped =
        mapper.mapParent(
            MessyData.series(
                "{\"subEvent\":[{\"@type\":\"ScheduledSession\",\"startDate\":\"2024-03-06T18:30:00Z\",\"duration\":\"PT1H\"},{\"@type\":\"ScheduledSession\",\"startDate\":\"not"
                    + " a date\"}]}"));
    assertThat(mapped.ownSlots())
        .singleElement()
        .satisfies(
            slot -> {
              assertThat(slot.getIdPart())
                  .isEqualTo(
                      ResourceIds.slot(MessyData.SERIES_ID + "#/subEvent/2024-03-06T18:30:00Z"));
              assertThat(slot.getEnd().toInstant())
                  .isEqualTo(Instant.parse("2024-03-06T19:30:00Z"));
            });
  }
}
