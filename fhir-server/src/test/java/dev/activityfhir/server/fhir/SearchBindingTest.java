package dev.activityfhir.server.fhir;

import dev.activityfhir.server.fhir.search.TextCriterion;
import ca.uhn.fhir.rest.param.StringOrListParam;
import static dev.activityfhir.server.fhir.DirectoryFixtures.ACTIVITY;
import static dev.activityfhir.server.fhir.DirectoryFixtures.FOOTBALL;
import static dev.activityfhir.server.fhir.DirectoryFixtures.WALKING_FOOTBALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.IQueryParameterAnd;
import ca.uhn.fhir.model.api.IQueryParameterOr;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.NumberAndListParam;
import ca.uhn.fhir.rest.param.NumberParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.SpecialParam;
import ca.uhn.fhir.rest.param.StringAndListParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import dev.activityfhir.mapping.AttendanceMode;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.search.DateCriterion;
import dev.activityfhir.server.fhir.search.HealthcareServiceSearchParams;
import dev.activityfhir.server.fhir.search.HealthcareServiceSearchService;
import dev.activityfhir.server.fhir.search.LocationSearchParams;
import dev.activityfhir.server.fhir.search.LocationSearchService;
import dev.activityfhir.server.fhir.search.Near;
import dev.activityfhir.server.fhir.search.NumberCriterion;
import dev.activityfhir.server.fhir.search.PostcodeDistricts;
import dev.activityfhir.server.fhir.search.SlotSearchParams;
import dev.activityfhir.server.fhir.search.SlotSearchService;
import dev.activityfhir.server.fhir.search.TimeOfDayCriterion;
import dev.activityfhir.server.fhir.search.TokenCriterion;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Query-string values, parsed by HAPI's own parameter types, bound into the search records. */
class SearchBindingTest {

  private static final FhirContext CONTEXT = FhirContext.forR4Cached();
  private static final ResourceIndex INDEX = new ResourceIndex(CONTEXT);
  private static final ParamBinder BINDER = new ParamBinder(PostcodeDistricts.bundled());
  private static final ServiceTypeExpander TYPES = new ServiceTypeExpander(DirectoryFixtures.HIERARCHY);
  private static final SearchCache CACHE = new SearchCache(INDEX, 10);
  private static final PageAssembler ASSEMBLER = new PageAssembler(INDEX);
  private static final ReadSupport READS = new ReadSupport(INDEX);

  private final HealthcareServiceProvider services =
      new HealthcareServiceProvider(
          new HealthcareServiceSearchService(INDEX), TYPES, BINDER, CACHE, ASSEMBLER, READS, new ReverseChains(INDEX));
  private final LocationProvider locations =
      new LocationProvider(
          new LocationSearchService(INDEX), BINDER, CACHE, ASSEMBLER, READS, new ReverseChains(INDEX));
  private final SlotProvider slots =
      new SlotProvider(new SlotSearchService(INDEX, Clock.systemUTC()), TYPES, CACHE, ASSEMBLER, READS);

  @Test
  void serviceTypeBelowExpandsThroughTheHierarchy() {
    HealthcareServiceSearchParams params =
        bindService(and(new TokenAndListParam(), "service-type", ":below", FOOTBALL), null, null, null);

    assertThat(params.serviceTypes()).hasSize(1);
    assertThat(params.serviceTypes().get(0))
        .containsExactlyInAnyOrder(
            new TokenCriterion(ACTIVITY, FOOTBALL), new TokenCriterion(ACTIVITY, WALKING_FOOTBALL));
  }

  @Test
  void serviceTypeTextAndPlainCodeWithSystem() {
    HealthcareServiceSearchParams text =
        bindService(and(new TokenAndListParam(), "service-type", ":text", "Walking Fóotball"), null, null, null);
    HealthcareServiceSearchParams code =
        bindService(and(new TokenAndListParam(), "service-type", null, ACTIVITY + "|" + FOOTBALL), null, null, null);

    assertThat(text.serviceTypeTexts()).containsExactly("walking football");
    assertThat(text.serviceTypes()).isEmpty();
    assertThat(code.serviceTypes()).containsExactly(List.of(new TokenCriterion(ACTIVITY, FOOTBALL)));
  }

  @Test
  void locationNearChainInMiles() {
    ReferenceOrListParam location = or(new ReferenceOrListParam(), "location", ".near", "51.47|-0.07|2|mi");

    Near near = bindService(null, location, null, null).near();

    assertThat(near.latitude()).isEqualTo(51.47);
    assertThat(near.longitude()).isEqualTo(-0.07);
    assertThat(near.distanceKm()).isCloseTo(3.218688, within(1e-9));
  }

  @Test
  void postcodeResolvesToTheDistrictCentroidWithDefaultDistance() {
    Near near = bindService(null, null, one(new StringParam(), "postcode", null, "SE15 5BN"), null).near();

    assertThat(near).isEqualTo(new Near(51.47189, -0.06468, 5.0));
  }

  @Test
  void linkWorkerFilters() {
    HealthcareServiceSearchParams params =
        services.bind(
            null, null, null, null, null, one(new TokenParam(), "active", null, "true"), null,
            one(new NumberParam(), "age", null, "67"), one(new TokenParam(), "gender", null, "female"),
            or(new TokenOrListParam(), "day-of-week", null, "mon,sat"),
            and(new StringAndListParam(), "time-of-day", null, "ge09:00", "lt12:30"),
            and(new NumberAndListParam(), "price", null, "le5"), null, null,
            and(new DateAndListParam(), "available", null, "ge2026-12-08", "le2026-12-15"));

    assertThat(params.active()).isTrue();
    assertThat(params.age()).isEqualTo(67);
    assertThat(params.gender()).isEqualTo("female");
    assertThat(params.dayMask()).isEqualTo(1 | 1 << 5);
    assertThat(params.timesOfDay())
        .containsExactly(
            new TimeOfDayCriterion(TimeOfDayCriterion.Prefix.GE, 540),
            new TimeOfDayCriterion(TimeOfDayCriterion.Prefix.LT, 750));
    assertThat(params.prices()).containsExactly(new NumberCriterion(NumberCriterion.Prefix.LE, 5));
    assertThat(params.available())
        .containsExactly(DateCriterion.parse("ge2026-12-08"), DateCriterion.parse("le2026-12-15"));
  }

  @Test
  void malformedValuesNameTheParameter() {
    assertThatThrownBy(() -> bindService(null, or(new ReferenceOrListParam(), "location", ".near", "abc|1"), null, null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'location.near'");
    assertThatThrownBy(() -> bindService(null, null, one(new StringParam(), "postcode", null, "ZZ99"), null))
        .hasMessageContaining("'postcode'");
    assertThatThrownBy(
            () -> services.bind(null, null, null, null, null, null, null, null,
                one(new TokenParam(), "gender", null, "other"), null, null, null, null))
        .hasMessageContaining("'gender'");
    assertThatThrownBy(
            () -> services.bind(null, null, null, null, null, null, null, null, null,
                or(new TokenOrListParam(), "day-of-week", null, "funday"), null, null, null))
        .hasMessageContaining("'day-of-week'");
    assertThatThrownBy(
            () -> services.bind(null, null, null, null, null, null, null, null, null, null,
                and(new StringAndListParam(), "time-of-day", null, "9am"), null, null))
        .hasMessageContaining("'time-of-day'");
    assertThatThrownBy(
            () -> services.bind(null, null, null, null, null, null, null,
                one(new NumberParam(), "age", null, "gt5"), null, null, null, null, null))
        .hasMessageContaining("'age'");
    assertThatThrownBy(() -> bindService(null, or(new ReferenceOrListParam(), "location", ".near", "51|0|900|km"), null, null))
        .hasMessageContaining("distance must be between 0 and 500 km");
  }

  @Test
  void locationNearDefaultsAndPostalCodePrefix() {
    LocationSearchParams params =
        locations.bind(
            null, null, one(new StringParam(), "address-postalcode", null, "se15 5"),
            one(new SpecialParam(), "near", null, "51.5|-0.1"), null);

    assertThat(params.near()).isEqualTo(new Near(51.5, -0.1, 5.0));
    assertThat(params.postalCode()).isEqualTo(TextCriterion.startsWith("SE155"));
  }

  @Test
  void stringModifiersBindToTheirMatch() {
    LocationSearchParams params =
        locations.bind(
            null,
            or(new StringOrListParam(), "name", ":contains", "Pulse,Centre"),
            one(new StringParam(), "address-postalcode", ":exact", "se15 5bn"),
            null,
            null);

    assertThat(params.names())
        .containsExactly(
            new TextCriterion(TextCriterion.Match.CONTAINS, "pulse"),
            new TextCriterion(TextCriterion.Match.CONTAINS, "centre"));
    assertThat(params.postalCode()).isEqualTo(new TextCriterion(TextCriterion.Match.EXACT, "SE155BN"));
    assertThat(ParamBinder.exactNames(or(new StringOrListParam(), "name", ":exact", "Café Swim Club")))
        .containsExactly("Café Swim Club");
  }

  @Test
  void slotScheduleActorChainStartAndSort() {
    SlotSearchParams params =
        slots.bind(
            null,
            or(new ReferenceOrListParam(), "schedule", ".actor", "HealthcareService/hs-swim"),
            and(new DateAndListParam(), "start", null, "ge2026-01-01", "lt2026-02"),
            or(new TokenOrListParam(), "status", null, "free,busy"),
            null,
            new SortSpec("start", SortOrderEnum.DESC));

    assertThat(params.scheduleActors()).containsExactly("HealthcareService/hs-swim");
    assertThat(params.scheduleIds()).isEmpty();
    assertThat(params.start())
        .containsExactly(DateCriterion.parse("ge2026-01-01"), DateCriterion.parse("lt2026-02"));
    assertThat(params.statuses()).containsExactlyInAnyOrder("free", "busy");
    assertThat(params.descending()).isTrue();
  }

  @Test
  void slotRejectsUnknownStatusAndSort() {
    assertThatThrownBy(
            () -> slots.bind(null, null, null, or(new TokenOrListParam(), "status", null, "open"), null, null))
        .hasMessageContaining("'status'");
    assertThatThrownBy(() -> slots.bind(null, null, null, null, null, new SortSpec("end")))
        .hasMessageContaining("'_sort'");
  }

  @Test
  void attendanceBecomesACharacteristicGroupOfTheModeOrMixed() {
    HealthcareServiceSearchParams online =
        services.bind(null, null, null, null, null, null, null, null, null, null, null, null, null,
            one(new TokenParam(), "attendance", null, "online"), null);
    assertThat(online.characteristics())
        .containsExactly(
            List.of(
                new TokenCriterion(AttendanceMode.SYSTEM, "online"),
                new TokenCriterion(AttendanceMode.SYSTEM, "mixed")));
    assertThatThrownBy(
            () -> services.bind(null, null, null, null, null, null, null, null, null, null, null, null, null,
                one(new TokenParam(), "attendance", null, "by-post"), null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'attendance'");
  }

  private HealthcareServiceSearchParams bindService(
      TokenAndListParam serviceType, ReferenceOrListParam location, StringParam postcode, TokenParam active) {
    return services.bind(
        null, null, serviceType, location, null, active, null, null, null, null, null, null, postcode);
  }

  private static <T extends IQueryParameterAnd<?>> T and(T param, String name, String qualifier, String... values) {
    List<QualifiedParamList> lists =
        Arrays.stream(values).map(v -> QualifiedParamList.splitQueryStringByCommasIgnoreEscape(qualifier, v)).toList();
    param.setValuesAsQueryTokens(CONTEXT, name, lists);
    return param;
  }

  private static <T extends IQueryParameterOr<?>> T or(T param, String name, String qualifier, String value) {
    param.setValuesAsQueryTokens(
        CONTEXT, name, QualifiedParamList.splitQueryStringByCommasIgnoreEscape(qualifier, value));
    return param;
  }

  private static <T extends IQueryParameterType> T one(T param, String name, String qualifier, String value) {
    param.setValueAsQueryToken(CONTEXT, name, qualifier, value);
    return param;
  }
}
