package dev.activityfhir.server.fhir;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * The parameters whose names start with {@code _} that shape a response rather than select resources, and the
 * values each accepts. HAPI's plain server reads most of them leniently (an unknown {@code _summary} is ignored, a
 * negative {@code _count} gives an empty page with a {@code next} link): here every unknown name and every invalid
 * value answers 400 naming the parameter. Cheap string checks only: this runs on every request, cached or not.
 */
final class ControlParameters {

  /** Largest {@code _count}: the page size bound {@link DirectoryRestfulServer#MAXIMUM_PAGE_SIZE}. */
  static final int MAX_COUNT = DirectoryRestfulServer.MAXIMUM_PAGE_SIZE;

  /** Accepted on every search: they shape the answer (the parameters that select are the package's). */
  static final Set<String> SEARCH =
      Set.of(
          "_format", "_pretty", "_count", "_summary", "_elements", "_total", "_bundletype", "_sort");

  /** Accepted on a further page ({@code _getpages}): what HAPI writes into its paging links. */
  static final Set<String> PAGE =
      Set.of(
          "_getpages", "_getpagesoffset", "_count", "_format", "_pretty", "_summary", "_elements", "_bundletype",
          "_include", "_revinclude");

  /** Accepted on a type's {@code _history}. */
  static final Set<String> HISTORY =
      Set.of("_since", "_at", "_count", "_offset", "_format", "_pretty", "_summary", "_elements");

  /** Accepted on reads, {@code metadata} and anything else. */
  static final Set<String> OTHER = Set.of("_format", "_pretty", "_summary", "_elements");

  private static final Set<String> FORMATS =
      Set.of(
          "json", "xml", "application/json", "application/xml", "text/json", "text/xml", "application/fhir+json",
          "application/fhir+xml", "application/json+fhir", "application/xml+fhir");
  private static final Set<String> SUMMARIES = Set.of("true", "false", "text", "data", "count");
  private static final Set<String> TOTALS = Set.of("none", "estimate", "accurate");
  private static final Set<String> BOOLEANS = Set.of("true", "false");
  private static final Pattern ELEMENT =
      Pattern.compile("[A-Za-z][A-Za-z0-9]*(\\[x])?(\\.[A-Za-z][A-Za-z0-9]*(\\[x])?)*");
  private static final Pattern PAGING_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  /** FHIR's {@code id} datatype. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9.-]{1,64}");

  private ControlParameters() {}

  /**
   * Checks the {@code _} parameters of a request against {@code accepted} (and {@code extra}, the type's own
   * {@code _id}, {@code _include}, ...) and each one's value.
   *
   * @throws InvalidRequestException naming the first parameter that is unknown or has an invalid value
   */
  static void check(Map<String, String[]> parameters, Set<String> accepted, Set<String> extra) {
    for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      if (!name.startsWith("_")) {
        continue;
      }
      if (!accepted.contains(name) && !extra.contains(name)) {
        throw naming(
            name,
            "Unknown parameter '" + name + "'; accepted here: " + String.join(", ", new TreeSet<>(accepted)));
      }
      checkValues(name, parameter.getValue());
    }
  }

  private static void checkValues(String name, String[] values) {
    if (values.length > 1 && !name.equals("_include") && !name.equals("_revinclude") && !name.equals("_id")
        && !name.equals("_lastUpdated") && !name.startsWith("_has:")) {
      throw invalid(name, "give it once");
    }
    for (String value : values) {
      switch (name) {
        case "_count" -> number(name, value, MAX_COUNT);
        case "_getpagesoffset", "_offset" -> number(name, value, Integer.MAX_VALUE);
        case "_format" -> oneOf(name, value.replace(' ', '+'), FORMATS);
        case "_summary" -> oneOf(name, value, SUMMARIES);
        case "_total" -> oneOf(name, value, TOTALS);
        case "_pretty" -> oneOf(name, value, BOOLEANS);
        case "_bundletype" -> oneOf(name, value, Set.of("searchset", "history"));
        case "_getpages" -> matches(name, value, PAGING_ID, "a paging id from a next link");
        case "_elements" -> {
          for (String element : value.split(",", -1)) {
            matches(name, element, ELEMENT, "comma-separated element names such as name,location");
          }
        }
        case "_id" -> {
          for (String id : value.split(",", -1)) {
            matches(name, id, ID, "ids of 1 to 64 letters, digits, '-' or '.'");
          }
        }
        default -> {
          // _include, _revinclude, _sort, _lastUpdated and _has: the guard, HAPI and the providers check them against what each type allows (on a
          // further page, _include only repeats the search's own into the links)
        }
      }
    }
  }

  private static void number(String name, String value, int maximum) {
    boolean digits = !value.isEmpty() && value.length() <= 10 && value.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digits || Long.parseLong(value) > maximum) {
      throw invalid(name, "expected a whole number from 0 to " + maximum + ", got '" + shorten(value) + "'");
    }
  }

  private static void oneOf(String name, String value, Set<String> accepted) {
    if (!accepted.contains(value)) {
      throw invalid(
          name, "expected one of " + String.join(", ", new TreeSet<>(accepted)) + ", got '" + shorten(value) + "'");
    }
  }

  private static void matches(String name, String value, Pattern pattern, String expected) {
    if (!pattern.matcher(value).matches()) {
      throw invalid(name, "expected " + expected + ", got '" + shorten(value) + "'");
    }
  }

  private static InvalidRequestException invalid(String name, String reason) {
    return naming(name, "Invalid value for parameter '" + name + "': " + reason);
  }

  /** A 400 whose OperationOutcome names the parameter in its issue's expression. */
  static InvalidRequestException naming(String name, String diagnostics) {
    OperationOutcome outcome = new OperationOutcome();
    outcome
        .addIssue()
        .setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.INVALID)
        .setDiagnostics(diagnostics)
        .addExpression(name);
    return new InvalidRequestException(diagnostics, outcome);
  }

  /** A value as echoed in a message: at most 40 characters. */
  private static String shorten(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
