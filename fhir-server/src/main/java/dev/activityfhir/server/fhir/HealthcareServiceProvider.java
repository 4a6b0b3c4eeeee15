package dev.activityfhir.server.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.At;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.NumberAndListParam;
import ca.uhn.fhir.rest.param.NumberParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringAndListParam;
import ca.uhn.fhir.rest.param.StringOrListParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.HasAndListParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import dev.activityfhir.mapping.AttendanceMode;
import dev.activityfhir.server.fhir.index.SearchKeyExtractor;
import dev.activityfhir.server.fhir.index.TextKey;
import dev.activityfhir.server.fhir.search.FreeSlotWindow;
import dev.activityfhir.server.fhir.search.HealthcareServiceSearchParams;
import dev.activityfhir.server.fhir.search.HealthcareServiceSearchService;
import dev.activityfhir.server.fhir.search.KeyField;
import dev.activityfhir.server.fhir.search.KeyFilter;
import dev.activityfhir.server.fhir.search.Near;
import dev.activityfhir.server.fhir.search.TimeOfDayCriterion;
import dev.activityfhir.server.fhir.search.TokenCriterion;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import dev.activityfhir.server.fhir.search.Refinement;
import org.jspecify.annotations.Nullable;

/** Read and search of HealthcareService: binds the request into {@link HealthcareServiceSearchParams}. */
public final class HealthcareServiceProvider implements IResourceProvider {

  private static final Pattern TIME = Pattern.compile("^(eq|ge|gt|le|lt)?([01]\\d|2[0-3]):([0-5]\\d)(:[0-5]\\d)?$");

  private final HealthcareServiceSearchService service;
  private final ServiceTypeExpander serviceTypes;
  private final ParamBinder binder;
  private final SearchCache cache;
  private final PageAssembler assembler;
  private final ReadSupport reads;
  private final ReverseChains chains;

  HealthcareServiceProvider(
      HealthcareServiceSearchService service,
      ServiceTypeExpander serviceTypes,
      ParamBinder binder,
      SearchCache cache,
      PageAssembler assembler,
      ReadSupport reads,
      ReverseChains chains) {
    this.chains = chains;
    this.service = service;
    this.serviceTypes = serviceTypes;
    this.binder = binder;
    this.cache = cache;
    this.assembler = assembler;
    this.reads = reads;
  }

  @Override
  public Class<HealthcareService> getResourceType() {
    return HealthcareService.class;
  }

  /** Reads one HealthcareService. */
  @Read
  public HealthcareService read(@IdParam IdType id) {
    return (HealthcareService) reads.read("HealthcareService", id);
  }
  /** The changes to HealthcareServices since {@code _since} (withdrawals included), or those current at {@code _at}. */
  @History
  public IBundleProvider history(
      @Since @Nullable InstantType since,
      @At @Nullable DateRangeParam at,
      @Offset @Nullable Integer offset,
      @Count @Nullable Integer count) {
    return reads.history("HealthcareService", since, at, offset, count);
  }


  /** Searches HealthcareServices; see {@link HealthcareServiceSearchParams} for the semantics. */
  @Search(allowUnknownParams = true)
  public IBundleProvider search(
      @OptionalParam(name = "_id") @Nullable TokenOrListParam id,
      @OptionalParam(name = "name") @Nullable StringOrListParam name,
      @OptionalParam(name = "service-type") @Nullable TokenAndListParam serviceType,
      @OptionalParam(name = "location", chainWhitelist = {"", "near"}) @Nullable ReferenceOrListParam location,
      @OptionalParam(name = "organization") @Nullable ReferenceOrListParam organization,
      @OptionalParam(name = "active") @Nullable TokenParam active,
      @OptionalParam(name = "characteristic") @Nullable TokenAndListParam characteristic,
      @OptionalParam(name = "age") @Nullable NumberParam age,
      @OptionalParam(name = "gender") @Nullable TokenParam gender,
      @OptionalParam(name = "day-of-week") @Nullable TokenOrListParam dayOfWeek,
      @OptionalParam(name = "time-of-day") @Nullable StringAndListParam timeOfDay,
      @OptionalParam(name = "price") @Nullable NumberAndListParam price,
      @OptionalParam(name = "postcode") @Nullable StringParam postcode,
      @OptionalParam(name = "attendance") @Nullable TokenParam attendance,
      @OptionalParam(name = "available") @Nullable DateAndListParam available,
      @OptionalParam(name = "_lastUpdated") @Nullable DateAndListParam lastUpdated,
      @OptionalParam(name = "_has") @Nullable HasAndListParam has,
      @Sort @Nullable SortSpec sort,
      @IncludeParam(allow = {"HealthcareService:location", "HealthcareService:organization"})
          @Nullable Set<Include> include,
      @IncludeParam(reverse = true, allow = {"Schedule:actor", "Slot:schedule"}) @Nullable Set<Include> revInclude) {
    HealthcareServiceSearchParams params =
        bind(
            id, name, serviceType, location, organization, active, characteristic, age, gender, dayOfWeek,
            timeOfDay, price, postcode, attendance, available);
    List<KeyFilter> filters = new ArrayList<>();
    filters.addAll(ParamBinder.notTokens(KeyField.SERVICE_TYPE, serviceType));
    filters.addAll(ParamBinder.notTokens(KeyField.SERVICE_CHARACTERISTIC, characteristic));
    filters.addAll(ParamBinder.notToken(KeyField.SERVICE_ACTIVE, active));
    filters.addAll(ParamBinder.missing(KeyField.SERVICE_LOCATION, location));
    filters.addAll(ParamBinder.missing(KeyField.SERVICE_ORGANIZATION, organization));
    filters.addAll(ParamBinder.missing(KeyField.SERVICE_PRICE, price));
    filters.addAll(chains.filters("HealthcareService", has));
    Refinement refinement =
        ParamBinder.refinement(lastUpdated, sort, true)
            .withExactNames(ParamBinder.exactNames(name))
            .withFilters(filters);
    return new HitsBundleProvider(
        "HealthcareService",
        cache.get("HealthcareService", params, refinement, () -> service.search(params)),
        include,
        revInclude,
        assembler,
        params.available().isEmpty() ? null : new FreeSlotWindow(params.available()));
  }

  /** Binds HAPI's parsed parameters, without {@code attendance} and {@code available}. */
  HealthcareServiceSearchParams bind(
      @Nullable TokenOrListParam id,
      @Nullable StringOrListParam name,
      @Nullable TokenAndListParam serviceType,
      @Nullable ReferenceOrListParam location,
      @Nullable ReferenceOrListParam organization,
      @Nullable TokenParam active,
      @Nullable TokenAndListParam characteristic,
      @Nullable NumberParam age,
      @Nullable TokenParam gender,
      @Nullable TokenOrListParam dayOfWeek,
      @Nullable StringAndListParam timeOfDay,
      @Nullable NumberAndListParam price,
      @Nullable StringParam postcode) {
    return bind(
        id, name, serviceType, location, organization, active, characteristic, age, gender, dayOfWeek,
        timeOfDay, price, postcode, null, null);
  }

  /** Binds HAPI's parsed parameters into the search record (separate from the search, to test it alone). */
  HealthcareServiceSearchParams bind(
      @Nullable TokenOrListParam id,
      @Nullable StringOrListParam name,
      @Nullable TokenAndListParam serviceType,
      @Nullable ReferenceOrListParam location,
      @Nullable ReferenceOrListParam organization,
      @Nullable TokenParam active,
      @Nullable TokenAndListParam characteristic,
      @Nullable NumberParam age,
      @Nullable TokenParam gender,
      @Nullable TokenOrListParam dayOfWeek,
      @Nullable StringAndListParam timeOfDay,
      @Nullable NumberAndListParam price,
      @Nullable StringParam postcode,
      @Nullable TokenParam attendance,
      @Nullable DateAndListParam available) {
    Near near = null;
    if (location != null) {
      for (ReferenceParam reference : location.getValuesAsQueryTokens()) {
        if ("near".equals(reference.getChain())) {
          if (near != null) {
            throw ParamBinder.invalid("location.near", "give one point only");
          }
          near = ParamBinder.near("location.near", reference.getValue());
        }
      }
    }
    if (postcode != null) {
      if (near != null) {
        throw ParamBinder.invalid("postcode", "cannot be combined with location.near");
      }
      near = binder.postcode("postcode", postcode.getValue());
    }
    return new HealthcareServiceSearchParams(
        ParamBinder.ids(id),
        ParamBinder.names(name),
        serviceTypes.groups("service-type", serviceType),
        serviceTypeTexts(serviceType),
        ParamBinder.referenceIds("location", location, "Location"),
        ParamBinder.referenceIds("organization", organization, "Organization"),
        ParamBinder.bool("active", active),
        withAttendance(
            ParamBinder.tokens("characteristic", characteristic, t -> List.of(ParamBinder.token(t))),
            attendance),
        near,
        age(age),
        gender(gender),
        days(dayOfWeek),
        times(timeOfDay),
        ParamBinder.numbers("price", price),
        ParamBinder.dates("available", available));
  }

  private static List<String> serviceTypeTexts(@Nullable TokenAndListParam serviceType) {
    List<String> texts = new ArrayList<>();
    if (serviceType != null) {
      for (TokenOrListParam or : serviceType.getValuesAsQueryTokens()) {
        for (TokenParam token : or.getValuesAsQueryTokens()) {
          if (token.isText()) {
            texts.add(TextKey.of(token.getValue()));
          }
        }
      }
    }
    return texts;
  }

  private static @Nullable Integer age(@Nullable NumberParam age) {
    if (age == null) {
      return null;
    }
    BigDecimal value = age.getValue();
    if (age.getPrefix() != null && !"eq".equals(age.getPrefix().getValue())) {
      throw ParamBinder.invalid("age", "prefixes are not supported; give the person's age in years");
    }
    if (value == null || value.signum() < 0 || value.compareTo(BigDecimal.valueOf(150)) > 0) {
      throw ParamBinder.invalid("age", "expected an age in years between 0 and 150");
    }
    return value.intValue();
  }

  /**
   * {@code attendance=online} (services that can be attended online: online or mixed) or {@code
   * attendance=in-person} (in person or mixed), as one more characteristic group: the mapping codes every
   * service's attendance mode as a characteristic.
   */
  private static List<List<TokenCriterion>> withAttendance(
      List<List<TokenCriterion>> characteristics, @Nullable TokenParam attendance) {
    if (attendance == null) {
      return characteristics;
    }
    String value = attendance.getValue() == null ? "" : attendance.getValue().toLowerCase(Locale.ROOT);
    if (!value.equals("online") && !value.equals("in-person")) {
      throw ParamBinder.invalid("attendance", "expected online or in-person");
    }
    List<List<TokenCriterion>> groups = new ArrayList<>(characteristics);
    groups.add(
        List.of(
            new TokenCriterion(AttendanceMode.SYSTEM, value),
            new TokenCriterion(AttendanceMode.SYSTEM, "mixed")));
    return groups;
  }

  private static @Nullable String gender(@Nullable TokenParam gender) {
    if (gender == null) {
      return null;
    }
    String value = gender.getValue() == null ? "" : gender.getValue().toLowerCase(Locale.ROOT);
    if (!value.equals("male") && !value.equals("female")) {
      throw ParamBinder.invalid("gender", "expected male or female");
    }
    return value;
  }

  private static int days(@Nullable TokenOrListParam dayOfWeek) {
    int mask = 0;
    if (dayOfWeek != null) {
      for (TokenParam day : dayOfWeek.getValuesAsQueryTokens()) {
        int bit = SearchKeyExtractor.dayBit(day.getValue());
        if (bit == 0) {
          throw ParamBinder.invalid("day-of-week", "expected mon, tue, wed, thu, fri, sat or sun");
        }
        mask |= bit;
      }
    }
    return mask;
  }

  private static List<TimeOfDayCriterion> times(@Nullable StringAndListParam timeOfDay) {
    List<TimeOfDayCriterion> criteria = new ArrayList<>();
    if (timeOfDay == null) {
      return criteria;
    }
    for (StringOrListParam or : timeOfDay.getValuesAsQueryTokens()) {
      for (StringParam value : or.getValuesAsQueryTokens()) {
        Matcher m = TIME.matcher(value.getValue() == null ? "" : value.getValue());
        if (!m.matches() || or.getValuesAsQueryTokens().size() > 1) {
          throw ParamBinder.invalid(
              "time-of-day", "expected [eq|ge|gt|le|lt]HH:mm, once per parameter, got '" + value.getValue() + "'");
        }
        TimeOfDayCriterion.Prefix prefix =
            m.group(1) == null
                ? TimeOfDayCriterion.Prefix.EQ
                : TimeOfDayCriterion.Prefix.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        criteria.add(
            new TimeOfDayCriterion(prefix, Integer.parseInt(m.group(2)) * 60 + Integer.parseInt(m.group(3))));
      }
    }
    return criteria;
  }

}
