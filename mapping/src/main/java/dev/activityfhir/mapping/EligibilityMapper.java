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
 * {@code ageRange} and {@code genderRestriction} to {@code HealthcareService.eligibility}, one entry
 * per criterion, coded for search and worded for people.
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

  /** Code system of gender restrictions ({@code NoRestriction}, {@code MaleOnly}, {@code FemaleOnly}). */
  public static final String GENDER_SYSTEM =
      "https://activityfhir.dev/fhir/CodeSystem/gender-restriction";

  /** Extension (valueRange, years) on the age eligibility entry. */
  public static final String AGE_RANGE_URL =
      "https://activityfhir.dev/fhir/StructureDefinition/eligible-age-range";

  /** Extension (valueBoolean true) marking a value the publisher did not give. */
  public static final String ASSUMED_URL = "https://activityfhir.dev/fhir/StructureDefinition/assumed";

  private static final int ADULT_AGE = 18;

  private static final Map<String, String[]> GENDERS =
      Map.of(
          "norestriction", new String[] {"NoRestriction", "No restriction", "Open to all genders"},
          "maleonly", new String[] {"MaleOnly", "Male only", "Men only"},
          "femaleonly", new String[] {"FemaleOnly", "Female only", "Women only"});

  List<HealthcareServiceEligibilityComponent> map(JsonNode view) {
    List<HealthcareServiceEligibilityComponent> eligibility = new ArrayList<>();
    eligibility.add(age(JsonLd.get(view, "ageRange")));
    String gender = JsonLd.text(view, "genderRestriction");
    if (gender != null) {
      String[] known = GENDERS.get(JsonLd.localName(gender).toLowerCase(Locale.ROOT));
      if (known != null) {
        HealthcareServiceEligibilityComponent entry = new HealthcareServiceEligibilityComponent();
        entry.setCode(coded(GENDER_SYSTEM, known[0], known[1]));
        entry.setComment(known[2]);
        eligibility.add(entry);
      }
    }
    return eligibility;
  }

  private static HealthcareServiceEligibilityComponent age(@Nullable JsonNode ageRange) {
    BigDecimal min = JsonLd.number(ageRange, "minValue");
    BigDecimal max = JsonLd.number(ageRange, "maxValue");
    boolean assumed = min == null && max == null;
    if (assumed) {
      min = BigDecimal.valueOf(ADULT_AGE);
    }
    HealthcareServiceEligibilityComponent entry = new HealthcareServiceEligibilityComponent();
    entry.setCode(coded(CRITERION_SYSTEM, "age-range", "Age range"));
    entry.setComment(ageWords(min, max, assumed));
    entry.addExtension(AGE_RANGE_URL, years(min, max));
    if (assumed) {
      entry.addExtension(ASSUMED_URL, new BooleanType(true));
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

  private static String ageWords(@Nullable BigDecimal min, @Nullable BigDecimal max, boolean assumed) {
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
