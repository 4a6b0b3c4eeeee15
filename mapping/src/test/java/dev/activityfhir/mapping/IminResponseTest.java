package dev.activityfhir.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.Test;

/**
 * The SessionSeries of an imin By-ID response (imin-ltd/developer-docs-samples, dummy "Lorem
 * Fitsum" data): {@code id}/{@code type} without {@code @}, CURIE enumerations ({@code
 * oa:MaleOnly}, {@code schema:Wednesday}, {@code schema:EventScheduled}), a Person organizer, and
 * properties inherited from the EventSeries it sits in.
 */
class IminResponseTest {

  private final OpenActiveMapper mapper = OpenActiveMapper.withBundledVocabularies();

  /** subEvent[0] of the EventSeries, with the EventSeries (minus its subEvents) as superEvent. */
  private static OpenActiveItem sessionSeries() {
    JsonNode eventSeries = Examples.read("event-series-get-1.jsonld");
    ObjectNode series = (ObjectNode) eventSeries.get("subEvent").get(0).deepCopy();
    ObjectNode parent = eventSeries.deepCopy();
    parent.remove("subEvent");
    series.set("superEvent", parent);
    return new OpenActiveItem(
        "https://search.imin.co/events-api/v2/event-series",
        "loremfitsum-1539623400",
        "1539623400",
        series,
        Examples.HARVESTED_AT,
        Examples.CC_BY);
  }

  @Test
  void inheritsFromItsEventSeriesAndReadsCuries() {
    OpenActiveItem item = sessionSeries();
    MappedParent mapped = mapper.mapParent(item);
    HealthcareService service = mapped.service();

    assertThat(service.getName()).isEqualTo("GOLDEN: Virtual BODYPUMP");
    assertThat(Fhir.codes(service.getType()))
        .containsExactly(
            "https://openactive.io/activity-list|fe2c9859-aa69-43c5-bcc3-ba5a6c7d9815");
    assertThat(Fhir.coding(service.getTypeFirstRep()).getDisplay()).isEqualTo("Clubbercise Kids");
    var age = Fhir.eligibility(service, EligibilityMapper.CRITERION_SYSTEM);
    assertThat(age.getComment()).isEqualTo("Ages 8 to 22");
    var gender = Fhir.eligibility(service, EligibilityMapper.GENDER_SYSTEM);
    assertThat(gender.getCode().getCodingFirstRep().getCode()).isEqualTo("MaleOnly");
    assertThat(Fhir.codes(service.getCharacteristic()))
        .contains(
            "https://openactive.io/accessibility-support|dd026873-6713-4ea1-af5a-08901f651d98",
            "https://activityfhir.dev/fhir/CodeSystem/level|beginner",
            "https://activityfhir.dev/fhir/CodeSystem/level|advanced");
    assertThat(service.getAvailableTimeFirstRep().getDaysOfWeek()).hasSize(7);
    assertThat(service.getAvailableTimeFirstRep().getAvailableStartTime()).isEqualTo("04:30:00");
    assertThat(service.getExtensionsByUrl(OfferMapper.OFFER_URL)).hasSize(6);
    assertThat(Fhir.value(service.getExtensionsByUrl(OfferMapper.OFFER_URL).get(5), "name"))
        .isEqualTo("Free Entry");
    // a URL published with a space is kept, encoded, since FHIR url values cannot hold spaces
    assertThat(Fhir.value(service.getExtensionsByUrl(OfferMapper.OFFER_URL).get(1), "url"))
        .isEqualTo(
            "https://lorem-fitsum.herokuapp.com/listings/1539623400#booking-adult%20(off-peak)");
  }

  @Test
  void aPersonOrganizerAndABareLocationReferenceGiveNoResources() {
    MappedParent mapped = mapper.mapParent(sessionSeries());
    assertThat(mapped.organization()).isNull();
    assertThat(mapped.service().hasProvidedBy()).isFalse();
    assertThat(mapped.location()).isNull();
    assertThat(Fhir.json(mapped.service())).doesNotContain("Gianni", "Becker", "Melba.Bogisich");
  }

  @Test
  void itsEmbeddedSessionIsASlotAndEverythingValidates() {
    OpenActiveItem item = sessionSeries();
    MappedParent mapped = mapper.mapParent(item);

    Slot slot = mapped.ownSlots().get(0);
    assertThat(slot.getIdentifierFirstRep().getValue())
        .isEqualTo(
            "https://lorem-fitsum.herokuapp.com/api/opportunities/1539623400#/subEvent/2018-10-31T09:15:00Z");
    assertThat(slot.getStart().toInstant()).isEqualTo(Instant.parse("2018-10-31T09:15:00Z"));
    assertThat(slot.getStatus()).isEqualTo(Slot.SlotStatus.FREE);
    assertThat(Fhir.value(slot, SlotMapper.CAPACITY_URL)).isEqualTo("20");
    for (var resource : MessyData.resources(mapper, item, mapped)) {
      assertThat(FhirValidation.errors(resource)).as(resource.fhirType()).isEmpty();
    }
  }
}
