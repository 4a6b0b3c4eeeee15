package dev.activityfhir.server.fhir.index;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.jspecify.annotations.Nullable;

/** Extracts the search keys of each resource type, once, when a resource is indexed. */
public final class SearchKeyExtractor {

  /** Code system of OpenActive activities, used by HealthcareService.type and Slot/Schedule.serviceType. */
  public static final String ACTIVITY_SYSTEM = "https://openactive.io/activity-list";

  /** Code system of eligibility criteria (age range, gender). */
  public static final String ELIGIBILITY_SYSTEM =
      "https://activityfhir.dev/fhir/CodeSystem/eligibility-criterion";

  /** Code system of gender restrictions. */
  public static final String GENDER_SYSTEM = "https://activityfhir.dev/fhir/CodeSystem/gender-restriction";

  /** Extension holding the eligible age range on an eligibility entry. */
  public static final String AGE_RANGE_EXTENSION =
      "https://activityfhir.dev/fhir/StructureDefinition/eligible-age-range";

  /** Complex extension describing one offer (price) of a HealthcareService. */
  public static final String OFFER_EXTENSION = "https://activityfhir.dev/fhir/StructureDefinition/offer";

  // Many slots share the same schedule id and service-type tokens: keep one String instance of each.
  private final Map<String, String> interned = new ConcurrentHashMap<>();
  private final Map<List<String>, List<String>> internedLists = new ConcurrentHashMap<>();

  /** Keys of a HealthcareService. */
  public ServiceKeys service(HealthcareService service) {
    List<String> typeCodes = new ArrayList<>();
    List<String> typeTokens = new ArrayList<>();
    List<String> typeTexts = new ArrayList<>();
    for (CodeableConcept type : service.getType()) {
      addCodes(type, typeCodes, typeTokens);
      if (type.hasText()) {
        typeTexts.add(TextKey.of(type.getText()));
      }
      for (Coding coding : type.getCoding()) {
        if (coding.hasDisplay()) {
          typeTexts.add(TextKey.of(coding.getDisplay()));
        }
      }
    }
    List<String> locationIds = new ArrayList<>();
    for (Reference location : service.getLocation()) {
      String id = idOf(location, "Location");
      if (id != null) {
        locationIds.add(id);
      }
    }
    List<String> characteristics = new ArrayList<>();
    for (CodeableConcept characteristic : service.getCharacteristic()) {
      for (Coding coding : characteristic.getCoding()) {
        characteristics.add(coding.getSystem() + "|" + coding.getCode());
      }
    }
    int ageLow = -1;
    int ageHigh = -1;
    String gender = null;
    for (HealthcareService.HealthcareServiceEligibilityComponent eligibility : service.getEligibility()) {
      if (hasCoding(eligibility.getCode(), ELIGIBILITY_SYSTEM, "age-range")) {
        Extension range = eligibility.getExtensionByUrl(AGE_RANGE_EXTENSION);
        if (range != null && range.getValue() instanceof Range r) {
          ageLow = r.hasLow() && r.getLow().hasValue() ? r.getLow().getValue().intValue() : -1;
          ageHigh = r.hasHigh() && r.getHigh().hasValue() ? r.getHigh().getValue().intValue() : -1;
        }
      }
      for (Coding coding : eligibility.getCode().getCoding()) {
        if (GENDER_SYSTEM.equals(coding.getSystem()) && coding.hasCode()) {
          gender = coding.getCode();
        }
      }
    }
    List<AvailableTime> times = new ArrayList<>();
    for (HealthcareService.HealthcareServiceAvailableTimeComponent time : service.getAvailableTime()) {
      int mask = 0;
      for (var day : time.getDaysOfWeek()) {
        mask |= dayBit(day.getValueAsString());
      }
      if (mask == 0) {
        mask = AvailableTime.ALL_DAYS;
      }
      // All day on its days (days published without times): open at any time of those days.
      times.add(
          time.getAllDay()
              ? new AvailableTime(mask, -1, -1)
              : new AvailableTime(
                  mask, minutes(time.getAvailableStartTime()), minutes(time.getAvailableEndTime())));
    }
    List<Double> prices = new ArrayList<>();
    for (Extension offer : service.getExtensionsByUrl(OFFER_EXTENSION)) {
      Extension price = offer.getExtensionByUrl("price");
      if (price != null && price.getValue() instanceof Money money && money.hasValue()) {
        prices.add(money.getValue().doubleValue());
      }
    }
    return new ServiceKeys(
        TextKey.of(service.getName()),
        List.copyOf(typeCodes),
        List.copyOf(typeTokens),
        List.copyOf(typeTexts),
        List.copyOf(locationIds),
        service.hasProvidedBy() ? idOf(service.getProvidedBy(), "Organization") : null,
        !service.hasActive() || service.getActive(),
        List.copyOf(characteristics),
        ageLow,
        ageHigh,
        gender,
        List.copyOf(times),
        prices.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** Keys of a Location. */
  public LocationKeys location(Location location) {
    double lat = Double.NaN;
    double lon = Double.NaN;
    if (location.hasPosition()
        && location.getPosition().hasLatitude()
        && location.getPosition().hasLongitude()) {
      lat = location.getPosition().getLatitude().doubleValue();
      lon = location.getPosition().getLongitude().doubleValue();
      if (lat == 0 && lon == 0) {
        // 0,0 is how feeds say "unknown"; never treat it as a real place in the Gulf of Guinea.
        lat = Double.NaN;
        lon = Double.NaN;
      }
    }
    String postcode = location.hasAddress() ? postcodeKey(location.getAddress().getPostalCode()) : "";
    return new LocationKeys(TextKey.of(location.getName()), postcode, lat, lon);
  }

  /** Keys of a Schedule. */
  public ScheduleKeys schedule(Schedule schedule) {
    List<String> actors = new ArrayList<>();
    for (Reference actor : schedule.getActor()) {
      if (actor.getReferenceElement().hasIdPart() && actor.getReferenceElement().hasResourceType()) {
        actors.add(
            actor.getReferenceElement().getResourceType() + "/" + actor.getReferenceElement().getIdPart());
      }
    }
    List<String> codes = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (CodeableConcept type : schedule.getServiceType()) {
      addCodes(type, codes, tokens);
    }
    return new ScheduleKeys(
        List.copyOf(actors),
        List.copyOf(codes),
        List.copyOf(tokens),
        !schedule.hasActive() || schedule.getActive());
  }

  /** Keys of a Slot. */
  public SlotKeys slot(Slot slot) {
    List<String> tokens = new ArrayList<>(2);
    for (CodeableConcept type : slot.getServiceType()) {
      for (Coding coding : type.getCoding()) {
        tokens.add(intern(coding.getSystem() + "|" + coding.getCode()));
      }
    }
    String scheduleId = idOf(slot.getSchedule(), "Schedule");
    return new SlotKeys(
        scheduleId == null ? null : intern(scheduleId),
        slot.hasStart() ? slot.getStart().getTime() : Long.MIN_VALUE,
        slot.hasEnd() ? slot.getEnd().getTime() : Long.MIN_VALUE,
        slot.hasStatus() ? slot.getStatus().toCode() : null,
        internList(List.copyOf(tokens)));
  }

  /** Keys of an Organization. */
  public OrganizationKeys organization(Organization organization) {
    return new OrganizationKeys(TextKey.of(organization.getName()));
  }

  /** A postcode as compared by search: upper case, no spaces. */
  public static String postcodeKey(@Nullable String postcode) {
    return postcode == null ? "" : postcode.replace(" ", "").toUpperCase(Locale.ROOT);
  }

  /** The bit of a FHIR day-of-week code ({@code mon}..{@code sun}), or 0 when it is not one. */
  public static int dayBit(@Nullable String day) {
    if (day == null) {
      return 0;
    }
    return switch (day) {
      case "mon" -> 1;
      case "tue" -> 1 << 1;
      case "wed" -> 1 << 2;
      case "thu" -> 1 << 3;
      case "fri" -> 1 << 4;
      case "sat" -> 1 << 5;
      case "sun" -> 1 << 6;
      default -> 0;
    };
  }

  private String intern(String value) {
    return interned.computeIfAbsent(value, v -> v);
  }

  /** One shared instance per distinct list: the slots of a service all carry the same few tokens. */
  private List<String> internList(List<String> values) {
    return values.isEmpty() ? List.of() : internedLists.computeIfAbsent(values, v -> v);
  }

  private static void addCodes(CodeableConcept concept, List<String> codes, List<String> tokens) {
    for (Coding coding : concept.getCoding()) {
      if (!coding.hasCode()) {
        continue;
      }
      tokens.add(coding.getSystem() + "|" + coding.getCode());
      if (ACTIVITY_SYSTEM.equals(coding.getSystem())) {
        codes.add(coding.getCode());
      }
    }
  }

  private static boolean hasCoding(CodeableConcept concept, String system, String code) {
    for (Coding coding : concept.getCoding()) {
      if (system.equals(coding.getSystem()) && code.equals(coding.getCode())) {
        return true;
      }
    }
    return false;
  }

  private static int minutes(@Nullable String time) {
    if (time == null || time.isEmpty()) {
      return -1;
    }
    try {
      LocalTime parsed = LocalTime.parse(time);
      return parsed.getHour() * 60 + parsed.getMinute();
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  private static @Nullable String idOf(Reference reference, String type) {
    var element = reference.getReferenceElement();
    if (!element.hasIdPart()) {
      return null;
    }
    if (element.hasResourceType() && !type.equals(element.getResourceType())) {
      return null;
    }
    return element.getIdPart();
  }
}
