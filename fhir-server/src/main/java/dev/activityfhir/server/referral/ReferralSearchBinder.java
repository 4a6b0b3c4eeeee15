package dev.activityfhir.server.referral;

import dev.activityfhir.server.problem.FhirProblem;
import dev.activityfhir.server.referral.store.SearchQuery;
import dev.activityfhir.server.referral.store.SearchQuery.Criterion;
import dev.activityfhir.server.referral.store.SearchQuery.DateMatch;
import dev.activityfhir.server.referral.store.SearchQuery.DatePrefix;
import dev.activityfhir.server.referral.store.SearchQuery.Match;
import dev.activityfhir.server.referral.store.SearchQuery.PrefixMatch;
import dev.activityfhir.server.referral.store.SearchQuery.Sort;
import dev.activityfhir.server.referral.store.SearchQuery.TokenMatch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binds a referral-side search URL's parameters into a {@link ReferralSearch}; the same binding serves {@code
 * If-None-Exist}. An unknown parameter, include or sort, or a malformed value, answers 400 naming it.
 */
public final class ReferralSearchBinder {

  /** Default page size when {@code _count} is absent. */
  public static final int DEFAULT_COUNT = 20;

  /** Largest page size honoured. */
  public static final int MAXIMUM_COUNT = 500;

  /** The kinds of parameter values. */
  enum Kind {
    TOKEN,
    REFERENCE,
    STRING,
    DATE
  }

  private static final Map<String, Map<String, Kind>> PARAMETERS =
      Map.of(
          "ServiceRequest",
          Map.of(
              "identifier", Kind.TOKEN,
              "subject", Kind.REFERENCE,
              "patient", Kind.REFERENCE,
              "performer", Kind.REFERENCE,
              "requester", Kind.REFERENCE,
              // a requester named by identifier (an ODS code), as GP systems send it
              "requester:identifier", Kind.TOKEN,
              "status", Kind.TOKEN,
              "authored", Kind.DATE),
          "Patient",
          Map.of(
              "identifier", Kind.TOKEN,
              "family", Kind.STRING,
              "given", Kind.STRING,
              "birthdate", Kind.DATE),
          "Consent",
          Map.of("patient", Kind.REFERENCE),
          "Task",
          Map.of(
              "identifier", Kind.TOKEN,
              "focus", Kind.REFERENCE,
              "owner", Kind.REFERENCE,
              "requester", Kind.REFERENCE,
              "requester:identifier", Kind.TOKEN,
              "patient", Kind.REFERENCE,
              "status", Kind.TOKEN,
              "business-status", Kind.TOKEN));

  private static final Map<String, Set<String>> INCLUDES =
      Map.of("ServiceRequest", Set.of("ServiceRequest:patient", "ServiceRequest:performer", "ServiceRequest:requester"));

  private static final Map<String, Set<String>> REV_INCLUDES = Map.of("ServiceRequest", Set.of("Task:focus"));

  private static final Map<String, Set<String>> SORTS =
      Map.of("ServiceRequest", Set.of(SearchQuery.LAST_UPDATED, "authored"));

  /** Parameters the server's paging and formatting handle, not the search. */
  private static final Set<String> IGNORED =
      Set.of("_format", "_pretty", "_summary", "_elements", "_total", "_getpages", "_getpagesoffset", "_bundletype");

  private ReferralSearchBinder() {}

  /** Whether the type can be searched at all. */
  public static boolean searchable(String type) {
    return PARAMETERS.containsKey(type);
  }

  /** Binds a search of the type. */
  public static ReferralSearch bind(String type, Map<String, String[]> parameters) {
    Map<String, Kind> known = PARAMETERS.getOrDefault(type, Map.of());
    List<Criterion> criteria = new ArrayList<>();
    List<Criterion> subjectIdentifiers = new ArrayList<>();
    Set<String> includes = new LinkedHashSet<>();
    Set<String> revIncludes = new LinkedHashSet<>();
    Sort sort = Sort.NEWEST_FIRST;
    int count = DEFAULT_COUNT;
    for (Map.Entry<String, String[]> entry : parameters.entrySet()) {
      String name = entry.getKey();
      String[] values = entry.getValue();
      if (IGNORED.contains(name)) {
        continue;
      }
      switch (name) {
        case "_id" -> {
          for (String value : values) {
            criteria.add(new Criterion(SearchQuery.ID, tokens(value, name, false)));
          }
        }
        case "_lastUpdated" -> {
          for (String value : values) {
            criteria.add(new Criterion(SearchQuery.LAST_UPDATED, dates(value, name)));
          }
        }
        case "_include" -> includes.addAll(allowed(values, INCLUDES.getOrDefault(type, Set.of()), name));
        case "_revinclude" -> revIncludes.addAll(allowed(values, REV_INCLUDES.getOrDefault(type, Set.of()), name));
        case "_sort" -> sort = sort(type, values);
        case "_count" -> count = count(values);
        default -> {
          if (name.equals("subject:identifier") || name.equals("patient:identifier")) {
            if (!known.containsKey("subject") && !type.equals("Task") && !type.equals("Consent")) {
              throw unknown(type, name);
            }
            for (String value : values) {
              subjectIdentifiers.add(new Criterion("identifier", tokens(value, name, true)));
            }
            continue;
          }
          Kind kind = known.get(name);
          if (kind == null) {
            throw unknown(type, name);
          }
          for (String value : values) {
            criteria.add(new Criterion(name, matches(kind, value, name)));
          }
        }
      }
    }
    return new ReferralSearch(type, criteria, subjectIdentifiers, includes, revIncludes, sort, count);
  }

  private static FhirProblem unknown(String type, String name) {
    return FhirProblem.badRequest("Unknown search parameter '" + name + "' for " + type, name);
  }

  private static List<Match> matches(Kind kind, String value, String name) {
    return switch (kind) {
      case TOKEN -> tokens(value, name, true);
      case REFERENCE -> references(value, name);
      case STRING -> split(value).stream().<Match>map(PrefixMatch::new).toList();
      case DATE -> dates(value, name);
    };
  }

  private static List<Match> tokens(String value, String name, boolean withSystem) {
    List<Match> matches = new ArrayList<>();
    for (String part : split(value)) {
      int bar = withSystem ? part.indexOf('|') : -1;
      if (bar < 0) {
        matches.add(new TokenMatch(null, part));
      } else if (bar == part.length() - 1) {
        throw FhirProblem.badRequest("A token of '" + name + "' needs a code after '|'", name);
      } else {
        matches.add(new TokenMatch(part.substring(0, bar), part.substring(bar + 1)));
      }
    }
    return matches;
  }

  private static List<Match> references(String value, String name) {
    List<Match> matches = new ArrayList<>();
    for (String part : split(value)) {
      // absolute references to this server are compared by their Type/id tail
      String[] segments = part.split("/");
      if (segments.length < 2) {
        throw FhirProblem.badRequest("'" + name + "' takes a reference Type/id, got '" + part + "'", name);
      }
      String typeAndId = segments[segments.length - 2] + "/" + segments[segments.length - 1];
      matches.add(new TokenMatch(null, typeAndId));
    }
    return matches;
  }

  private static List<Match> dates(String value, String name) {
    List<Match> matches = new ArrayList<>();
    for (String part : split(value)) {
      DatePrefix prefix = DatePrefix.EQ;
      String text = part;
      if (part.length() > 2 && Character.isLetter(part.charAt(0))) {
        try {
          prefix = DatePrefix.valueOf(part.substring(0, 2).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw FhirProblem.badRequest("Unknown date prefix in '" + part + "'", name);
        }
        text = part.substring(2);
      }
      DateRange range = DateRange.parse(text);
      if (range == null) {
        throw FhirProblem.badRequest("'" + name + "' needs a FHIR date, got '" + part + "'", name);
      }
      matches.add(new DateMatch(prefix, range.low(), range.high()));
    }
    return matches;
  }

  private static Set<String> allowed(String[] values, Set<String> allowed, String name) {
    Set<String> chosen = new LinkedHashSet<>();
    for (String value : values) {
      if (!allowed.contains(value)) {
        throw FhirProblem.badRequest("Unsupported " + name + " '" + value + "'; supported: " + allowed, name);
      }
      chosen.add(value);
    }
    return chosen;
  }

  private static Sort sort(String type, String[] values) {
    if (values.length != 1 || values[0].contains(",")) {
      throw FhirProblem.badRequest("_sort takes one parameter", "_sort");
    }
    String value = values[0];
    boolean descending = value.startsWith("-");
    String param = descending ? value.substring(1) : value;
    if (!SORTS.getOrDefault(type, Set.of(SearchQuery.LAST_UPDATED)).contains(param)) {
      throw FhirProblem.badRequest("Unsupported _sort '" + value + "'", "_sort");
    }
    return new Sort(param, descending);
  }

  private static int count(String[] values) {
    try {
      int count = Integer.parseInt(values[0]);
      if (count < 0) {
        throw new NumberFormatException();
      }
      return Math.min(count, MAXIMUM_COUNT);
    } catch (NumberFormatException e) {
      throw FhirProblem.badRequest("_count must be a number of at least 0", "_count");
    }
  }

  private static List<String> split(String value) {
    List<String> parts = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        parts.add(part.trim());
      }
    }
    if (parts.isEmpty()) {
      throw FhirProblem.badRequest("A search parameter has no value");
    }
    return parts;
  }
}
