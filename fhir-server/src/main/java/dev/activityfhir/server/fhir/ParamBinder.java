package dev.activityfhir.server.fhir;

import ca.uhn.fhir.model.api.IQueryParameterAnd;
import ca.uhn.fhir.model.api.IQueryParameterOr;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.DateOrListParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.NumberAndListParam;
import ca.uhn.fhir.rest.param.NumberOrListParam;
import ca.uhn.fhir.rest.param.NumberParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringOrListParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import dev.activityfhir.server.fhir.index.TextKey;
import dev.activityfhir.server.fhir.search.DateCriterion;
import dev.activityfhir.server.fhir.search.KeyField;
import dev.activityfhir.server.fhir.search.KeyFilter;
import dev.activityfhir.server.fhir.search.Near;
import dev.activityfhir.server.fhir.search.NumberCriterion;
import dev.activityfhir.server.fhir.search.PostcodeDistricts;
import dev.activityfhir.server.fhir.search.Refinement;
import dev.activityfhir.server.fhir.search.TextCriterion;
import dev.activityfhir.server.fhir.search.TokenCriterion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns HAPI's parsed search parameters into the plain values of the {@code ...SearchParams} records. Every
 * malformed value becomes a 400 {@link InvalidRequestException} naming the parameter.
 */
final class ParamBinder {

  /** Units accepted in {@code near} and {@code postcode}, as kilometres per unit. */
  private static final double KM_PER_MILE = 1.609344;

  /** The largest search radius accepted, in kilometres: enough for any UK region, small enough to stay fast. */
  static final double MAX_DISTANCE_KM = 500;

  private final PostcodeDistricts postcodes;

  ParamBinder(PostcodeDistricts postcodes) {
    this.postcodes = postcodes;
  }

  static Set<String> ids(@Nullable TokenOrListParam param) {
    Set<String> ids = new LinkedHashSet<>();
    if (param != null) {
      for (TokenParam token : param.getValuesAsQueryTokens()) {
        ids.add(token.getValue());
      }
    }
    return ids;
  }

  /** {@code name} values, compared as {@link TextKey}s. */
  static List<TextCriterion> names(@Nullable StringOrListParam param) {
    List<TextCriterion> names = new ArrayList<>();
    if (param != null) {
      for (StringParam value : param.getValuesAsQueryTokens()) {
        names.add(text(value, TextKey.of(value.getValue())));
      }
    }
    return names;
  }

  /** The exact texts asked for by {@code name:exact}, to compare with the resources' names as published. */
  static List<String> exactNames(@Nullable StringOrListParam param) {
    List<String> exact = new ArrayList<>();
    if (param != null) {
      for (StringParam value : param.getValuesAsQueryTokens()) {
        if (value.isExact()) {
          exact.add(value.getValue());
        }
      }
    }
    return exact;
  }

  /** A string value with its modifier ({@code :exact}, {@code :contains} or none), its key made by the caller. */
  static TextCriterion text(StringParam value, String key) {
    TextCriterion.Match match =
        value.isExact()
            ? TextCriterion.Match.EXACT
            : value.isContains() ? TextCriterion.Match.CONTAINS : TextCriterion.Match.STARTS_WITH;
    return new TextCriterion(match, key);
  }

  static List<List<TokenCriterion>> tokens(
      String name, @Nullable TokenAndListParam param, Function<TokenParam, List<TokenCriterion>> expand) {
    List<List<TokenCriterion>> groups = new ArrayList<>();
    if (param == null) {
      return groups;
    }
    for (TokenOrListParam or : param.getValuesAsQueryTokens()) {
      List<TokenCriterion> group = new ArrayList<>();
      for (TokenParam token : or.getValuesAsQueryTokens()) {
        if (token.getModifier() != null) {
          continue;
        }
        if ((token.getValue() == null || token.getValue().isEmpty()) && token.getSystem() == null) {
          throw invalid(name, "empty token");
        }
        group.addAll(expand.apply(token));
      }
      if (!group.isEmpty()) {
        groups.add(group);
      }
    }
    return groups;
  }

  static TokenCriterion token(TokenParam token) {
    String system = token.getSystem();
    String code = token.getValue();
    return new TokenCriterion(
        system == null || system.isEmpty() ? null : system, code == null || code.isEmpty() ? null : code);
  }

  static @Nullable Boolean bool(String name, @Nullable TokenParam param) {
    if (param == null || param.getModifier() != null) {
      return null;
    }
    return switch (param.getValue() == null ? "" : param.getValue()) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw invalid(name, "expected true or false, got '" + param.getValue() + "'");
    };
  }

  /** Reference ids of a type: {@code Type/id} or a bare id. */
  static Set<String> referenceIds(String name, @Nullable ReferenceOrListParam param, String type) {
    Set<String> ids = new LinkedHashSet<>();
    if (param == null) {
      return ids;
    }
    for (ReferenceParam reference : param.getValuesAsQueryTokens()) {
      if ((reference.getChain() != null && !reference.getChain().isEmpty()) || reference.getMissing() != null) {
        continue;
      }
      String resourceType = reference.getResourceType();
      if (resourceType != null && !resourceType.isEmpty() && !type.equals(resourceType)) {
        throw invalid(name, "must reference a " + type);
      }
      ids.add(reference.getIdPart());
    }
    return ids;
  }

  /** References as {@code Type/id}; a bare id stands for any of the allowed types. */
  static Set<String> typedReferences(String name, @Nullable ReferenceOrListParam param, List<String> types) {
    Set<String> refs = new LinkedHashSet<>();
    if (param == null) {
      return refs;
    }
    for (ReferenceParam reference : param.getValuesAsQueryTokens()) {
      if (reference.getChain() != null && !reference.getChain().isEmpty()) {
        continue;
      }
      refs.addAll(typedReference(name, reference, types));
    }
    return refs;
  }

  static List<String> typedReference(String name, ReferenceParam reference, List<String> types) {
    String resourceType = reference.getResourceType();
    String id = reference.getIdPart();
    if (id == null || id.isEmpty()) {
      throw invalid(name, "empty reference");
    }
    if (resourceType == null || resourceType.isEmpty()) {
      return types.stream().map(t -> t + "/" + id).toList();
    }
    if (!types.contains(resourceType)) {
      throw invalid(name, "must reference one of " + types);
    }
    return List.of(resourceType + "/" + id);
  }

  /** Parses a FHIR R4 {@code near} value {@code lat|long|distance|unit}; distance defaults to 5 km. */
  static Near near(String name, String value) {
    String[] parts = value.split("\\|", -1);
    if (parts.length < 2 || parts.length > 4) {
      throw invalid(name, "expected latitude|longitude|distance|unit, got '" + value + "'");
    }
    double lat = number(name, parts[0]);
    double lon = number(name, parts[1]);
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
      throw invalid(name, "latitude or longitude out of range");
    }
    double distance = parts.length > 2 && !parts[2].isEmpty() ? number(name, parts[2]) : Near.DEFAULT_DISTANCE_KM;
    String unit = parts.length > 3 && !parts[3].isEmpty() ? parts[3] : "km";
    return new Near(lat, lon, toKm(name, distance, unit));
  }

  /** Parses {@code postcode=district-or-postcode[|distance|unit]} into a proximity criterion. */
  Near postcode(String name, String value) {
    String[] parts = value.split("\\|", -1);
    if (parts.length > 3 || parts[0].isBlank()) {
      throw invalid(name, "expected postcode|distance|unit, got '" + value + "'");
    }
    double[] point =
        postcodes
            .centroid(parts[0])
            .orElseThrow(() -> invalid(name, "unknown UK postcode or district '" + parts[0] + "'"));
    double distance = parts.length > 1 && !parts[1].isEmpty() ? number(name, parts[1]) : Near.DEFAULT_DISTANCE_KM;
    String unit = parts.length > 2 && !parts[2].isEmpty() ? parts[2] : "km";
    return new Near(point[0], point[1], toKm(name, distance, unit));
  }

  static List<NumberCriterion> numbers(String name, @Nullable NumberAndListParam param) {
    List<NumberCriterion> criteria = new ArrayList<>();
    if (param == null) {
      return criteria;
    }
    for (NumberOrListParam or : param.getValuesAsQueryTokens()) {
      if (or.getValuesAsQueryTokens().size() == 1 && or.getValuesAsQueryTokens().get(0).getMissing() != null) {
        continue; // a filter: missing()
      }
      if (or.getValuesAsQueryTokens().size() != 1) {
        throw invalid(name, "comma-separated alternatives are not supported; repeat the parameter");
      }
      NumberParam number = or.getValuesAsQueryTokens().get(0);
      if (number.getValue() == null) {
        throw invalid(name, "not a number");
      }
      criteria.add(new NumberCriterion(numberPrefix(name, number.getPrefix()), number.getValue().doubleValue()));
    }
    return criteria;
  }

  /** Date criteria, one per repetition of the parameter (AND); comma-separated alternatives are refused. */
  static List<DateCriterion> dates(String name, @Nullable DateAndListParam param) {
    List<DateCriterion> criteria = new ArrayList<>();
    if (param == null) {
      return criteria;
    }
    for (DateOrListParam or : param.getValuesAsQueryTokens()) {
      if (or.getValuesAsQueryTokens().size() != 1) {
        throw invalid(name, "comma-separated alternatives are not supported; repeat the parameter");
      }
      DateParam date = or.getValuesAsQueryTokens().get(0);
      String prefix = date.getPrefix() == null ? "" : date.getPrefix().getValue();
      try {
        criteria.add(DateCriterion.parse(prefix + date.getValueAsString()));
      } catch (IllegalArgumentException e) {
        throw invalid(name, e.getMessage());
      }
    }
    return criteria;
  }

  /**
   * The {@code _lastUpdated} and {@code _sort} every directory search accepts.
   *
   * @param sort HAPI's parsed {@code _sort}, or null; only its first key counts, and a second is refused
   * @param named whether the type has a name to sort by
   */
  static Refinement refinement(@Nullable DateAndListParam lastUpdated, @Nullable SortSpec sort, boolean named) {
    Refinement.SortKey key = null;
    boolean descending = false;
    if (sort != null) {
      if (sort.getChain() != null) {
        throw invalid("_sort", "give one sort key");
      }
      key =
          switch (sort.getParamName()) {
            case "_lastUpdated" -> Refinement.SortKey.LAST_UPDATED;
            case "name" -> {
              if (!named) {
                throw invalid("_sort", "this type sorts by _lastUpdated only");
              }
              yield Refinement.SortKey.NAME;
            }
            default ->
                throw invalid("_sort", (named ? "name or " : "") + "_lastUpdated, with - for descending order");
          };
      descending = sort.getOrder() == SortOrderEnum.DESC;
    }
    return new Refinement(dates("_lastUpdated", lastUpdated), List.of(), key, descending, List.of());
  }

  /**
   * {@code :not} of a token parameter: one filter per repetition, keeping the resources whose element has none
   * of the repetition's tokens.
   */
  static List<KeyFilter> notTokens(KeyField field, @Nullable IQueryParameterAnd<?> param) {
    List<KeyFilter> filters = new ArrayList<>();
    if (param != null) {
      for (IQueryParameterOr<?> or : param.getValuesAsQueryTokens()) {
        notTokens(field, or).forEach(filters::add);
      }
    }
    return filters;
  }

  /** {@code :not} of a token parameter given once or as a comma-separated list. */
  static List<KeyFilter> notTokens(KeyField field, @Nullable IQueryParameterOr<?> param) {
    List<TokenCriterion> tokens = new ArrayList<>();
    if (param != null) {
      for (Object value : param.getValuesAsQueryTokens()) {
        if (value instanceof TokenParam token && token.getModifier() == TokenParamModifier.NOT) {
          tokens.add(token(token));
        }
      }
    }
    return tokens.isEmpty() ? List.of() : List.of(new KeyFilter.NoneOf(field, tokens));
  }

  /** {@code :not} of a token parameter that is given at most once. */
  static List<KeyFilter> notToken(KeyField field, @Nullable TokenParam token) {
    return token == null || token.getModifier() != TokenParamModifier.NOT
        ? List.of()
        : List.of(new KeyFilter.NoneOf(field, List.of(token(token))));
  }

  /** {@code :missing} of any parameter: a filter on the element's presence, when the query asks for one. */
  static List<KeyFilter> missing(KeyField field, @Nullable Object param) {
    for (IQueryParameterType value : values(param)) {
      if (value.getMissing() != null) {
        return List.of(new KeyFilter.Missing(field, value.getMissing()));
      }
    }
    return List.of();
  }

  private static List<IQueryParameterType> values(@Nullable Object param) {
    List<IQueryParameterType> values = new ArrayList<>();
    if (param instanceof IQueryParameterType single) {
      values.add(single);
    } else if (param instanceof IQueryParameterOr<?> or) {
      or.getValuesAsQueryTokens().forEach(v -> values.add((IQueryParameterType) v));
    } else if (param instanceof IQueryParameterAnd<?> and) {
      and.getValuesAsQueryTokens().forEach(or -> values.addAll(values(or)));
    }
    return values;
  }

  static InvalidRequestException invalid(String name, String reason) {
    return new InvalidRequestException("Invalid value for search parameter '" + name + "': " + reason);
  }

  private static NumberCriterion.Prefix numberPrefix(String name, @Nullable ParamPrefixEnum prefix) {
    if (prefix == null) {
      return NumberCriterion.Prefix.EQ;
    }
    return switch (prefix) {
      case EQUAL -> NumberCriterion.Prefix.EQ;
      case NOT_EQUAL -> NumberCriterion.Prefix.NE;
      case LESSTHAN -> NumberCriterion.Prefix.LT;
      case GREATERTHAN -> NumberCriterion.Prefix.GT;
      case LESSTHAN_OR_EQUALS -> NumberCriterion.Prefix.LE;
      case GREATERTHAN_OR_EQUALS -> NumberCriterion.Prefix.GE;
      default -> throw invalid(name, "prefix " + prefix.getValue() + " is not supported");
    };
  }

  private static double toKm(String name, double distance, String unit) {
    double km =
        switch (unit.toLowerCase(Locale.ROOT)) {
          case "km" -> distance;
          case "m" -> distance / 1000;
          case "mi", "[mi_i]" -> distance * KM_PER_MILE;
          default -> throw invalid(name, "unit must be km, m, mi or [mi_i], got '" + unit + "'");
        };
    if (!(km >= 0) || km > MAX_DISTANCE_KM) {
      throw invalid(name, "distance must be between 0 and " + (int) MAX_DISTANCE_KM + " km");
    }
    return km;
  }

  private static double number(String name, String text) {
    try {
      double value = Double.parseDouble(text.trim());
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        throw invalid(name, "not a finite number: '" + text + "'");
      }
      return value;
    } catch (NumberFormatException e) {
      throw invalid(name, "not a number: '" + text + "'");
    }
  }
}
