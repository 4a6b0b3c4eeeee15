package dev.activityfhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Guards every request before a provider runs:
 *
 * <ul>
 *   <li>503 with an OperationOutcome until the index is loaded ({@code ready} false), except {@code /metadata};
 *   <li>400 with an OperationOutcome naming the parameter for a search parameter, modifier or chain the type does
 *       not support: HAPI's plain server would silently ignore it, and a link worker would get unfiltered results.
 * </ul>
 */
@Interceptor
public final class RequestGuardInterceptor {

  /** Result parameters accepted on every search. */
  static final Set<String> COMMON =
      Set.of("_format", "_pretty", "_count", "_summary", "_elements", "_total", "_bundletype");

  /** Per type: parameter name, including {@code :modifier} or {@code .chain} suffixes, that searches accept. */
  static final Map<String, Set<String>> SUPPORTED =
      Map.of(
          "HealthcareService",
          Set.of(
              "_id", "name", "service-type", "service-type:below", "service-type:text", "location",
              "location.near", "organization", "active", "characteristic", "age", "gender", "day-of-week",
              "time-of-day", "price", "postcode", "attendance", "_include", "_revinclude"),
          "Location",
          Set.of("_id", "name", "address-postalcode", "near", "postcode", "_revinclude"),
          "Schedule",
          Set.of("_id", "actor", "service-type", "service-type:below", "active", "_include", "_revinclude"),
          "Slot",
          Set.of(
              "_id", "schedule", "schedule.actor", "start", "status", "service-type", "service-type:below",
              "_sort", "_include"),
          "Organization",
          Set.of("_id", "name"));

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  private final BooleanSupplier ready;

  /**
   * @param ready true once the index holds the stored data
   */
  public RequestGuardInterceptor(BooleanSupplier ready) {
    this.ready = ready;
  }

  /** Rejects requests while loading, and searches with unsupported parameters. */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public boolean guard(RequestDetails request) {
    String path = request.getRequestPath() == null ? "" : request.getRequestPath();
    if (!ready.getAsBoolean() && !path.equals("metadata")) {
      throw new ServiceNotReadyException();
    }
    String type = path.endsWith("/_search") ? path.substring(0, path.length() - 8) : path;
    Set<String> supported = SUPPORTED.get(type);
    boolean search =
        supported != null
            && (request.getRequestType() == RequestTypeEnum.GET || path.endsWith("/_search"));
    if (search) {
      for (String name : request.getParameters().keySet()) {
        if (!COMMON.contains(name) && !supported.contains(name)) {
          throw unsupported(type, name, supported);
        }
      }
    }
    return true;
  }

  /**
   * Turns HAPI's parse failures of parameter values (e.g. {@code age=abc}, {@code start=bad}), which would
   * otherwise answer 500, into a 400 naming the parameter whose value failed.
   */
  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException malformed(RequestDetails request, Throwable exception) {
    if (exception instanceof BaseServerResponseException response) {
      return response;
    }
    Throwable cause = exception;
    while (cause != null && !(cause instanceof DataFormatException)) {
      cause = cause.getCause();
    }
    if (cause == null) {
      return new InternalErrorException(exception);
    }
    String message = cause.getMessage() == null ? "" : cause.getMessage();
    Matcher quoted = QUOTED.matcher(message);
    String culprit = quoted.find() ? quoted.group(1) : null;
    String name = "unknown";
    for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
      for (String value : parameter.getValue()) {
        if (culprit != null && value.contains(culprit)) {
          name = parameter.getKey();
        }
      }
    }
    return new InvalidRequestException(
        "Invalid value for search parameter '" + name + "': " + message.replaceFirst("^HAPI-\\d+: ", ""));
  }

  private static InvalidRequestException unsupported(String type, String name, Set<String> supported) {
    String base = name.split("[:.]", 2)[0];
    String what =
        supported.stream().anyMatch(s -> s.split("[:.]", 2)[0].equals(base))
            ? "Unsupported modifier or chain in search parameter '" + name + "'"
            : "Unknown search parameter '" + name + "'";
    TreeSet<String> all = new TreeSet<>(supported);
    all.addAll(COMMON);
    return new InvalidRequestException(what + " for " + type + "; supported: " + String.join(", ", all));
  }
}
