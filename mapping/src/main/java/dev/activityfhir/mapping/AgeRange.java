package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An age range in years, read from every form publishers send: a QuantitativeValue ({@code
 * minValue}/{@code maxValue}, numbers or numeric strings), a number ({@code 18}: that age and over),
 * or a string ({@code "18"}, {@code "18+"}, {@code "18-65"}, {@code "18 to 65"}). Bounds are
 * inclusive; an open end is null.
 */
record AgeRange(@Nullable BigDecimal min, @Nullable BigDecimal max) {

  private static final Pattern BETWEEN =
      Pattern.compile("^\\s*(\\d{1,3})\\s*(?:-|–|to)\\s*(\\d{1,3})\\s*(?:years?)?\\s*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern AND_OVER =
      Pattern.compile("^\\s*(\\d{1,3})\\s*(?:\\+|and over|or over|plus)?\\s*(?:years?)?\\s*$", Pattern.CASE_INSENSITIVE);

  /** The range of an {@code ageRange} value; null when absent, empty or unreadable. */
  static @Nullable AgeRange of(@Nullable JsonNode value) {
    if (value == null) {
      return null;
    }
    if (value.isNumber()) {
      return new AgeRange(value.decimalValue(), null);
    }
    if (value.isTextual()) {
      return parse(value.asText());
    }
    BigDecimal min = JsonLd.number(value, "minValue");
    BigDecimal max = JsonLd.number(value, "maxValue");
    return min == null && max == null ? null : new AgeRange(min, max);
  }

  private static @Nullable AgeRange parse(String text) {
    Matcher between = BETWEEN.matcher(text);
    if (between.matches()) {
      return new AgeRange(new BigDecimal(between.group(1)), new BigDecimal(between.group(2)));
    }
    Matcher over = AND_OVER.matcher(text);
    if (over.matches()) {
      return new AgeRange(new BigDecimal(over.group(1)), null);
    }
    return null;
  }
}
