package dev.activityfhir.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.UrlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FhirValidationTest {

  private static final String BASE = "https://activityfhir.dev/fhir/";
  private static final String ACTIVITY_LIST = "https://openactive.io/activity-list";
  private static final String YOGA = "bf1a5e00-cdcf-465d-8c5a-6f57040b7f7e";

  /**
   * Shared: building the chain and warming up the core definitions is the slow part. UK Core is
   * loaded because the profiles derive from it.
   */
  private static final FhirValidation VALIDATION =
      new FhirValidation(
          ConformanceResources.bundled(), List.of(), List.of(FhirValidation.UK_CORE_PACKAGE));

  static Stream<MetadataResource> bundledResources() {
    return ConformanceResources.bundled().all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bundledResources")
  void everyBundledResourceIsValidR4(MetadataResource resource) {
    assertThat(VALIDATION.errors(validatable(resource)))
        .as(resource.getUrl())
        // R4's own Consent definition carries an example identifier its validator rejects.
        .filteredOn(e -> !e.matches("StructureDefinition\\.snapshot\\.element\\[\\d+]\\.example.*"))
        .isEmpty();
  }

  @Test
  void everyElementContextOfAnExtensionNamesACoreElement() {
    for (StructureDefinition sd : ConformanceResources.bundled().structureDefinitions()) {
      for (StructureDefinition.StructureDefinitionContextComponent context : sd.getContext()) {
        String expression = context.getExpression();
        String type =
            expression.contains(".")
                ? expression.substring(0, expression.indexOf('.'))
                : expression;
        StructureDefinition core =
            (StructureDefinition)
                VALIDATION
                    .validationSupport()
                    .fetchStructureDefinition("http://hl7.org/fhir/StructureDefinition/" + type);
        assertThat(core).as(sd.getUrl() + " context " + expression).isNotNull();
        assertThat(core.getSnapshot().getElement())
            .as(sd.getUrl() + " context " + expression)
            .anyMatch(e -> e.getPath().equals(expression));
      }
    }
  }

  /**
   * HAPI 8.8.0 (validator core 6.7.9) checks an extension's {@code element} contexts by comparing
   * the published version "4.0" with its own "4.0.1", finds no match and then tries to load {@code
   * hl7.fhir.r4.core} from a local package cache, which fails offline and aborts the whole
   * StructureDefinition check with "Unable to resolve package id". So the StructureDefinition is
   * validated as a copy whose contexts are FHIRPath contexts with the same expression (everything
   * else is checked as usual), and {@link #everyElementContextOfAnExtensionNamesACoreElement()}
   * checks the element contexts themselves.
   */
  private static MetadataResource validatable(MetadataResource resource) {
    if (!(resource instanceof StructureDefinition sd)) {
      return resource;
    }
    StructureDefinition copy = sd.copy();
    copy.getContext().forEach(c -> c.setType(StructureDefinition.ExtensionContextType.FHIRPATH));
    return copy;
  }

  @Test
  void healthcareServiceUsingEveryExtensionIsValid() {
    HealthcareService service = serviceWithEveryExtension();

    ValidationResult result = VALIDATION.validate(service);

    assertThat(VALIDATION.errors(service)).isEmpty();
    assertThat(result.isSuccessful()).isTrue();
  }

  @Test
  void slotUsingCapacityAndDeepLinkExtensionsIsValid() {
    Slot slot = new Slot();
    slot.setId("slot-1");
    slot.setSchedule(new Reference("Schedule/schedule-1"));
    slot.setStatus(Slot.SlotStatus.FREE);
    slot.setStartElement(new org.hl7.fhir.r4.model.InstantType("2026-12-01T18:00:00Z"));
    slot.setEndElement(new org.hl7.fhir.r4.model.InstantType("2026-12-01T19:00:00Z"));
    slot.addExtension(
        "http://fhir-registry.smarthealthit.org/StructureDefinition/slot-capacity",
        new IntegerType(4));
    slot.addExtension(BASE + "StructureDefinition/maximum-capacity", new IntegerType(20));
    slot.addExtension(
        "http://fhir-registry.smarthealthit.org/StructureDefinition/booking-deep-link",
        new UrlType("https://example.org/book/session-1"));
    slot.addExtension(attribution());

    assertThat(VALIDATION.errors(slot)).isEmpty();
  }

  @Test
  void offerWithAStringPriceFailsNamingTheElement() {
    HealthcareService service = serviceWithEveryExtension();
    Extension offer = service.getExtension().get(0);
    offer.getExtensionByUrl("price").setValue(new StringType("£5"));

    List<String> errors = VALIDATION.errors(service);

    assertThat(errors)
        .isNotEmpty()
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("HealthcareService.extension[0].extension[1]")
                    .contains("string"));
  }

  @Test
  void offerWithoutItsRequiredPriceFails() {
    HealthcareService service = serviceWithEveryExtension();
    Extension offer = service.getExtension().get(0);
    offer.getExtension().removeIf(e -> e.getUrl().equals("price"));

    assertThat(VALIDATION.errors(service))
        .anySatisfy(
            e -> assertThat(e).startsWith("HealthcareService.extension[0]").contains("price"));
  }

  @Test
  void eligibleAgeRangeWithAStringValueFails() {
    HealthcareService service = serviceWithEveryExtension();
    service
        .getEligibilityFirstRep()
        .getExtensionByUrl(BASE + "StructureDefinition/eligible-age-range")
        .setValue(new StringType("18+"));

    assertThat(VALIDATION.errors(service))
        .anySatisfy(e -> assertThat(e).startsWith("HealthcareService.eligibility[0].extension[0]"));
  }

  @Test
  void unknownCodeInOurCompleteCodeSystemFails() {
    HealthcareService service = serviceWithEveryExtension();
    service.getEligibility().get(1).getCode().getCodingFirstRep().setCode("Mixed");

    assertThat(VALIDATION.errors(service))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("HealthcareService.eligibility[1].code")
                    .contains("Mixed"));
  }

  @Test
  void levelCodeSystemIsAFragmentSoUnlistedLevelsAreNotErrors() {
    HealthcareService service = serviceWithEveryExtension();
    service.addCharacteristic(
        new CodeableConcept(new Coding(BASE + "CodeSystem/level", "steady", "Steady")));

    assertThat(VALIDATION.errors(service)).isEmpty();
  }

  @Test
  void extraCodeSystemFromTheCallerIsUsed() {
    HealthcareService service = serviceWithEveryExtension();
    service.getTypeFirstRep().getCodingFirstRep().setCode("not-an-activity");

    assertThat(VALIDATION.errors(service))
        .anySatisfy(
            e -> assertThat(e).startsWith("HealthcareService.type[0]").contains("not-an-activity"));
  }

  @Test
  void codeFromAnUnknownCodeSystemIsOnlyAWarning() {
    HealthcareService service = serviceWithEveryExtension();
    service.addType(
        new CodeableConcept(
            new Coding("https://example.org/vocab/activities", "zumba-gold", null)));

    ValidationResult result = VALIDATION.validate(service);

    assertThat(VALIDATION.errors(service)).isEmpty();
    assertThat(result.getMessages())
        .anySatisfy(
            m -> {
              assertThat(m.getSeverity()).isEqualTo(ResultSeverityEnum.WARNING);
              assertThat(m.getLocationString()).isEqualTo("HealthcareService.type[1]");
              assertThat(m.getMessage()).contains("https://example.org/vocab/activities");
            });
  }

  @Test
  void oneInstanceValidatesFromManyThreadsAlike() throws Exception {
    HealthcareService bad = serviceWithEveryExtension();
    bad.getExtension().get(0).getExtensionByUrl("price").setValue(new StringType("£5"));
    List<String> expectedBad = VALIDATION.errors(bad);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        HealthcareService resource = i % 2 == 0 ? serviceWithEveryExtension() : bad.copy();
        results.add(pool.submit(() -> VALIDATION.errors(resource)));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get(60, TimeUnit.SECONDS))
            .isEqualTo(i % 2 == 0 ? List.of() : expectedBad);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(expectedBad).isNotEmpty();
  }

  @Test
  void validationResultCarriesWarningsSeparatelyFromErrors() {
    ValidationResult result = VALIDATION.validate(serviceWithEveryExtension());

    assertThat(result.getMessages())
        .noneMatch(
            m ->
                m.getSeverity() == ResultSeverityEnum.ERROR
                    || m.getSeverity() == ResultSeverityEnum.FATAL);
  }

  @Test
  void searchParameterExpressionsSelectTheValuesTheyDescribe() {
    HealthcareService service = serviceWithEveryExtension();
    IFhirPath fhirPath = FhirContext.forR4Cached().newFhirPath();

    assertThat(evaluate(fhirPath, service, "price"))
        .extracting(b -> ((DecimalType) b).getValue())
        .containsExactly(new BigDecimal("5.50"), BigDecimal.ZERO);
    assertThat(evaluate(fhirPath, service, "age"))
        .singleElement()
        .satisfies(b -> assertThat(((Range) b).getLow().getValue()).isEqualByComparingTo("18"));
    assertThat(evaluate(fhirPath, service, "gender"))
        .singleElement()
        .extracting(b -> ((Coding) b).getCode())
        .isEqualTo("FemaleOnly");
    assertThat(evaluate(fhirPath, service, "day-of-week"))
        .singleElement()
        .extracting(b -> ((org.hl7.fhir.r4.model.PrimitiveType<?>) b).getValueAsString())
        .isEqualTo("tue");
    assertThat(evaluate(fhirPath, service, "time-of-day"))
        .singleElement()
        .extracting(
            b ->
                ((HealthcareService.HealthcareServiceAvailableTimeComponent) b)
                    .getAvailableStartTime())
        .isEqualTo("18:30:00");
  }

  private static List<IBase> evaluate(IFhirPath fhirPath, HealthcareService service, String code) {
    String expression =
        ConformanceResources.bundled()
            .searchParameter("HealthcareService", code)
            .orElseThrow()
            .getExpression();
    return fhirPath.evaluate(service, expression, IBase.class);
  }

  private static HealthcareService serviceWithEveryExtension() {
    HealthcareService service = new HealthcareService();
    service.setId("hs-1");
    Extension offer = service.addExtension().setUrl(BASE + "StructureDefinition/offer");
    offer.addExtension("name", new StringType("Adult"));
    offer.addExtension("price", new Money().setValue(new BigDecimal("5.50")).setCurrency("GBP"));
    offer.addExtension("url", new UrlType("https://example.org/book"));
    offer.addExtension("ageRange", years(18, null));
    Extension freeOffer = service.addExtension().setUrl(BASE + "StructureDefinition/offer");
    freeOffer.addExtension("name", new StringType("Junior"));
    freeOffer.addExtension("price", new Money().setValue(BigDecimal.ZERO).setCurrency("GBP"));
    service.addExtension(attribution());
    service.setActive(true);
    service.setName("Demo: Beginners yoga in Peckham");
    service
        .addIdentifier()
        .setSystem("https://openactive.io/")
        .setValue("https://example.org/series/1");
    service.addCategory(
        new CodeableConcept(
            new Coding(
                BASE + "CodeSystem/service-category",
                "physical-activity",
                "Physical activity and sport")));
    service.addType(new CodeableConcept(new Coding(ACTIVITY_LIST, YOGA, "Yoga")));
    service.addCharacteristic(
        new CodeableConcept(
            new Coding(
                "https://openactive.io/accessibility-support",
                "1393f2dc-3fcc-4be9-a99f-f1e51f5ad277",
                "Visual impairment")));
    service.addCharacteristic(
        new CodeableConcept(new Coding(BASE + "CodeSystem/level", "beginner", "Beginner")));
    service.addCharacteristic(
        new CodeableConcept(
            new Coding(
                BASE + "CodeSystem/access-feature",
                "wheelchair-accessible",
                "Wheelchair accessible")));
    HealthcareService.HealthcareServiceEligibilityComponent age = service.addEligibility();
    age.setCode(
        new CodeableConcept(
            new Coding(BASE + "CodeSystem/eligibility-criterion", "age-range", "Age range")));
    age.setComment("Ages 18+; assumed adults: the publisher gave no age range");
    age.addExtension(BASE + "StructureDefinition/eligible-age-range", years(18, null));
    age.addExtension(BASE + "StructureDefinition/assumed", new BooleanType(true));
    HealthcareService.HealthcareServiceEligibilityComponent gender = service.addEligibility();
    gender.setCode(
        new CodeableConcept(
            new Coding(BASE + "CodeSystem/gender-restriction", "FemaleOnly", "Women only")));
    gender.setComment("Women only");
    service
        .addAvailableTime()
        .addDaysOfWeek(HealthcareService.DaysOfWeek.TUE)
        .setAvailableStartTime("18:30:00")
        .setAvailableEndTime("19:30:00");
    return service;
  }

  private static Extension attribution() {
    Extension attribution = new Extension(BASE + "StructureDefinition/openactive-attribution");
    attribution.addExtension(
        "license", new UriType("https://creativecommons.org/licenses/by/4.0/"));
    attribution.addExtension("publisher", new StringType("Demo Leisure Trust"));
    attribution.addExtension("source", new UriType("https://example.org/series/1"));
    attribution.addExtension("harvested", new DateTimeType("2026-11-25T04:00:00Z"));
    return attribution;
  }

  private static Range years(Integer low, Integer high) {
    Range range = new Range();
    if (low != null) {
      range.setLow(yearsQuantity(low));
    }
    if (high != null) {
      range.setHigh(yearsQuantity(high));
    }
    return range;
  }

  private static Quantity yearsQuantity(int value) {
    return new Quantity()
        .setValue(value)
        .setUnit("years")
        .setSystem("http://unitsofmeasure.org")
        .setCode("a");
  }
}
