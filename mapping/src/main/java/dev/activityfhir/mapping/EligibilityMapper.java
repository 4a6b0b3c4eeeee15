package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.HealthcareService.HealthcareServiceEligibilityComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.jspecify.annotations.Nullable;

/**
 * {@code ageRange} and {@code genderRestriction} to {@code HealthcareService.eligibility}, one
 * entry per criterion, coded for search and worded for people.
 *
 * <p>Age rules (Modelling Opportunity Data 2.0): no ageRange means adults only (18+), flagged as
 * assumed; minValue 0 with no maxValue means all ages; open ends stay open. Gender: NoRestriction,
 * MaleOnly or FemaleOnly as https/http URIs or {@code oa:} CURIEs; absent or unknown values give no
 * gender entry (unknown is not "open to all").
 */
public final class EligibilityMapper {

  /** Code system of the eligibility criteria ({@code age-range}). */
  public static final String CRITERION_SYSTEM =
      "https://activityfhir.dev/fhir/CodeSystem/eligibility-criterion";

  /**
   * Code system of gender restrictions ({@code NoRestriction}, {@code MaleOnly}, {@code
   * FemaleOnly}).
   */
  public static final String GENDER_SYSTEM =
      "https://activityfhir.dev/fhir/CodeSystem/gender-restriction";

  /** Extension (valueRange, years) on the age eligibility entry. */
  public static final String AGE_RANGE_URL =
      "https://activityfhir.dev/fhir/StructureDefinition/eligible-age-range";

  /** Extension (valueBoolean true) marking a value the publisher did not give. */
  public static final String ASSUMED_URL =
      "https://activityfhir.dev/fhir/StructureDefinition/assumed";

  private static final int ADULT_AGE = 18;

  private static final String[] NO_RESTRICTION = {
    "NoRestriction", "No restriction", "Open to all genders"
  };
  private static final String[] MALE_ONLY = {"MaleOnly", "Male only", "Men only"};
  private static final String[] FEMALE_ONLY = {"FemaleOnly", "Female only", "Women only"};

  /**
   * Every form of gender restriction seen in feeds, by lower-case local name: the OpenActive values,
   * the legacy {@code http://openactive.io/ns#None}, and plain words.
   */
  private static final Map<String, String[]> GENDERS =
      Map.ofEntries(
          Map.entry("norestriction", NO_RESTRICTION),
          Map.entry("none", NO_RESTRICTION),
          Map.entry("mixed", NO_RESTRICTION),
          Map.entry("any", NO_RESTRICTION),
          Map.entry("all", NO_RESTRICTION),
          Map.entry("maleonly", MALE_ONLY),
          Map.entry("male", MALE_ONLY),
          Map.entry("men", MALE_ONLY),
          Map.entry("femaleonly", FEMALE_ONLY),
          Map.entry("female", FEMALE_ONLY),
          Map.entry("women", FEMALE_ONLY));

  EligibilityMapper() {}

  List<HealthcareServiceEligibilityComponent> map(JsonNode view) {
    List<HealthcareServiceEligibilityComponent> eligibility = new ArrayList<>();
    eligibility.add(age(JsonLd.get(view, "ageRange")));
    String[] gender = gender(JsonLd.list(view, "genderRestriction"));
    if (gender != null) {
      HealthcareServiceEligibilityComponent entry = new HealthcareServiceEligibilityComponent();
      entry.setCode(coded(GENDER_SYSTEM, gender[0], gender[1]));
      entry.setComment(gender[2]);
      eligibility.add(entry);
    }
    return eligibility;
  }

  /**
   * The restriction named by the values (one, or an array): a single known value as it is; men and
   * women both named, or "no restriction" among them, is open to all; nothing known is unknown.
   */
  private static String @Nullable [] gender(List<JsonNode> values) {
    String[] found = null;
    for (JsonNode value : values) {
      String[] known =
          value.isTextual()
              ? GENDERS.get(JsonLd.localName(value.asText()).toLowerCase(Locale.ROOT))
              : null;
      if (known == null) {
        continue;
      }
      if (found == null) {
        found = known;
      } else if (found != known) {
        found = NO_RESTRICTION;
      }
    }
    return found;
  }

  private static HealthcareServiceEligibilityComponent age(@Nullable JsonNode ageRange) {
    AgeRange range = AgeRange.of(ageRange);
    HealthcareServiceEligibilityComponent entry = new HealthcareServiceEligibilityComponent();
    entry.setCode(coded(CRITERION_SYSTEM, "age-range", "Age range"));
    if (ageRange == null || (range == null && ageRange.isObject())) {
      // Modelling Opportunity Data 2.0: no age range means adults.
      BigDecimal adult = BigDecimal.valueOf(ADULT_AGE);
      entry.setComment(ageWords(adult, null, true));
      entry.addExtension(AGE_RANGE_URL, years(adult, null));
      entry.addExtension(ASSUMED_URL, new BooleanType(true));
    } else if (range == null) {
      // Given but unreadable: say what was published and restrict no one rather than guess.
      entry.setComment("Age range as published: " + ageRange.toString().replace("\"", ""));
    } else {
      entry.setComment(ageWords(range.min(), range.max(), false));
      entry.addExtension(AGE_RANGE_URL, years(range.min(), range.max()));
    }
    return entry;
  }

  /** A Range in years; open ends omitted. Empty when both ends are open. */
  static Range years(@Nullable BigDecimal min, @Nullable BigDecimal max) {
    Range range = new Range();
    if (min != null) {
      range.setLow(year(min));
    }
    if (max != null) {
      range.setHigh(year(max));
    }
    return range;
  }

  private static Quantity year(BigDecimal value) {
    return new Quantity()
        .setValue(value)
        .setUnit("years")
        .setSystem("http://unitsofmeasure.org")
        .setCode("a");
  }

  private static String ageWords(
      @Nullable BigDecimal min, @Nullable BigDecimal max, boolean assumed) {
    if (assumed) {
      return "Ages " + ADULT_AGE + "+; assumed adults: the publisher gave no age range";
    }
    if (min != null && max != null) {
      return "Ages " + plain(min) + " to " + plain(max);
    }
    if (min != null) {
      return min.signum() == 0 ? "All ages" : "Ages " + plain(min) + "+";
    }
    return "Ages up to " + plain(max);
  }

  private static String plain(@Nullable BigDecimal value) {
    return value == null ? "" : value.stripTrailingZeros().toPlainString();
  }

  private static CodeableConcept coded(String system, String code, String display) {
    CodeableConcept concept = new CodeableConcept();
    concept.addCoding().setSystem(system).setCode(code).setDisplay(display);
    return concept;
  }
}
