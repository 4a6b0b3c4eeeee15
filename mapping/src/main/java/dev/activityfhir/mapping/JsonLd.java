package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads OpenActive JSON-LD the way real feeds publish it: {@code @id}/{@code id} and {@code @type}/
 * {@code type} aliases, single values where arrays are expected, numbers sent as strings, and empty
 * strings that mean "absent".
 */
final class JsonLd {

  private JsonLd() {}

  /** The first present, non-null, non-empty value among the given property names. */
  static @Nullable JsonNode get(@Nullable JsonNode node, String... names) {
    if (node == null || !node.isObject()) {
      return null;
    }
    for (String name : names) {
      JsonNode value = node.get(name);
      if (value != null && !value.isNull() && !isEmptyText(value) && !isEmptyArray(value)) {
        return value;
      }
    }
    return null;
  }

  /** The node's {@code @id} (or {@code id}); a bare string node is its own id. */
  static @Nullable String id(@Nullable JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      return blankToNull(node.asText());
    }
    return text(node, "@id", "id");
  }

  /** The local name of the node's {@code @type} (or {@code type}), e.g. {@code SessionSeries}. */
  static @Nullable String type(@Nullable JsonNode node) {
    JsonNode type = get(node, "@type", "type");
    if (type != null && type.isArray()) {
      type = type.get(0);
    }
    return type == null || !type.isTextual() ? null : localName(type.asText());
  }

  /**
   * The local part of an enumeration value given as an https URI, an http URI or a CURIE: {@code
   * https://schema.org/Monday}, {@code http://schema.org/Monday} and {@code schema:Monday} all give
   * {@code Monday}.
   */
  static String localName(String value) {
    String trimmed = value.trim();
    int cut =
        Math.max(
            trimmed.lastIndexOf('#'), Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':')));
    return trimmed.substring(cut + 1);
  }

  /** A scalar property as text (numbers and booleans included), or null when absent or blank. */
  static @Nullable String text(@Nullable JsonNode node, String... names) {
    JsonNode value = get(node, names);
    return value != null && value.isValueNode() ? blankToNull(value.asText()) : null;
  }

  /** A property as a list: an array's elements, a single value as one element, absent as none. */
  static List<JsonNode> list(@Nullable JsonNode node, String... names) {
    JsonNode value = get(node, names);
    List<JsonNode> result = new ArrayList<>();
    if (value == null) {
      return result;
    }
    if (value.isArray()) {
      value.forEach(
          element -> {
            if (!element.isNull() && !isEmptyText(element)) {
              result.add(element);
            }
          });
    } else {
      result.add(value);
    }
    return result;
  }

  /**
   * Every value of every one of the given property names, in order (for properties published under
   * several names at once, such as {@code level} beside {@code beta:level}).
   */
  static List<JsonNode> all(@Nullable JsonNode node, String... names) {
    List<JsonNode> result = new ArrayList<>();
    for (String name : names) {
      result.addAll(list(node, name));
    }
    return result;
  }

  /** A number given as a JSON number or a numeric string; null when absent or not a number. */
  static @Nullable BigDecimal number(@Nullable JsonNode node, String... names) {
    JsonNode value = get(node, names);
    if (value == null) {
      return null;
    }
    if (value.isNumber()) {
      return value.decimalValue();
    }
    if (value.isTextual()) {
      try {
        return new BigDecimal(value.asText().trim());
      } catch (NumberFormatException notANumber) {
        return null;
      }
    }
    return null;
  }

  /** A whole number (JSON number or numeric string), or null. */
  static @Nullable Integer integer(@Nullable JsonNode node, String... names) {
    BigDecimal value = number(node, names);
    if (value == null) {
      return null;
    }
    try {
      return value.intValueExact();
    } catch (ArithmeticException notWhole) {
      return null;
    }
  }

  /** A boolean given as JSON true/false or the strings "true"/"false"; null otherwise. */
  static @Nullable Boolean bool(@Nullable JsonNode node, String... names) {
    JsonNode value = get(node, names);
    if (value == null) {
      return null;
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isTextual()) {
      String text = value.asText().trim();
      if (text.equalsIgnoreCase("true")) {
        return Boolean.TRUE;
      }
      if (text.equalsIgnoreCase("false")) {
        return Boolean.FALSE;
      }
    }
    return null;
  }

  private static boolean isEmptyText(JsonNode value) {
    return value.isTextual() && value.asText().isBlank();
  }

  private static boolean isEmptyArray(JsonNode value) {
    return value.isArray() && value.isEmpty();
  }

  private static @Nullable String blankToNull(String text) {
    String trimmed = text.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }
}
