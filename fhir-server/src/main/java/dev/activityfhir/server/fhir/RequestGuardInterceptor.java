package dev.activityfhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards every request before a provider runs ({@link #guard}, called by the server), and turns parse failures of
 * parameter values into 400s ({@link #malformed}, a hook):
 *
 * <ul>
 *   <li>503 with an OperationOutcome until the index is loaded ({@code ready} false), except {@code /metadata}
 *       (one INFO line each, no stack trace);
 *   <li>400 with an OperationOutcome naming the parameter for an unknown or invalid {@code _} parameter ({@link
 *       ControlParameters}), on every request;
 *   <li>400 with an OperationOutcome naming the parameter for a search parameter, modifier or chain the type does
 *       not support: HAPI's plain server would silently ignore it, and a link worker would get unfiltered results;
 *   <li>a further page ({@code _getpages}) without {@code _bundletype} is typed {@code searchset}.
 * </ul>
 */
@Interceptor
public final class RequestGuardInterceptor {

  private static final Logger log = LoggerFactory.getLogger(RequestGuardInterceptor.class);

  /** Result parameters accepted on every search. */
  static final Set<String> COMMON = ControlParameters.SEARCH;

  /** Per type: parameter name, including {@code :modifier} or {@code .chain} suffixes, that searches accept. */
  static final Map<String, Set<String>> SUPPORTED =
      Map.of(
          "HealthcareService",
          Set.of(
              "_id", "name", "name:exact", "name:contains", "service-type", "service-type:below",
              "service-type:text", "location", "location.near", "organization", "active", "characteristic", "age",
              "gender", "day-of-week", "time-of-day", "price", "postcode", "attendance", "available", "_include",
              "_revinclude"),
          "Location",
          Set.of(
              "_id", "name", "name:exact", "name:contains", "address-postalcode", "address-postalcode:exact",
              "address-postalcode:contains", "near", "postcode", "_revinclude"),
          "Schedule",
          Set.of("_id", "actor", "service-type", "service-type:below", "active", "_include", "_revinclude"),
          "Slot",
          Set.of(
              "_id", "schedule", "schedule.actor", "start", "status", "service-type", "service-type:below",
              "_include"),
          "Organization",
          Set.of("_id", "name", "name:exact", "name:contains"));

  /** Types served for read: those searched, and the code systems. */
  private static final Set<String> SERVED =
      Set.of("HealthcareService", "Location", "Organization", "Schedule", "Slot", "CodeSystem");

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  private final BooleanSupplier ready;

  /**
   * @param ready true once the index holds the stored data
   */
  public RequestGuardInterceptor(BooleanSupplier ready) {
    this.ready = ready;
  }

  /**
   * Rejects requests while loading; then checks every {@code _} parameter ({@link ControlParameters}) and, on a
   * search, that each parameter is one the type supports. Called by {@link DirectoryRestfulServer#validateRequest}
   * before any interceptor runs (so before any answer from a cache); not a hook, as HAPI logs an exception thrown
   * by a hook as an ERROR with its stack trace, and these are the client's errors.
   */
  public void guard(RequestDetails request) {
    String path = request.getRequestPath() == null ? "" : request.getRequestPath();
    if (!ready.getAsBoolean() && !path.equals("metadata")) {
      // The path as the client sent it could forge log lines: only its safe characters are logged.
      log.info("503 while loading: {} {}", request.getRequestType(), path.replaceAll("[^A-Za-z0-9/_$.-]", "?"));
      throw new ServiceNotReadyException();
    }
    Map<String, String[]> parameters = request.getParameters();
    String type = path.endsWith("/_search") ? path.substring(0, path.length() - 8) : path;
    Set<String> supported = SUPPORTED.get(type);
    boolean search =
        supported != null
            && (request.getRequestType() == RequestTypeEnum.GET || path.endsWith("/_search"));
    if (search) {
      ControlParameters.check(parameters, COMMON, supported);
      for (String name : parameters.keySet()) {
        if (!COMMON.contains(name) && !supported.contains(name)) {
          throw unsupported(type, name, supported);
        }
      }
    } else if (path.isEmpty() && parameters.containsKey(Constants.PARAM_PAGINGACTION)) {
      ControlParameters.check(parameters, ControlParameters.PAGE, Set.of());
      if (!parameters.containsKey(Constants.PARAM_BUNDLETYPE)) {
        // HAPI leaves a further page untyped unless its link names the type; a Bundle must have one.
        request.addParameter(Constants.PARAM_BUNDLETYPE, new String[] {"searchset"});
      }
    } else if (path.endsWith("/_history") && SUPPORTED.containsKey(path.substring(0, path.length() - 9))) {
      ControlParameters.check(parameters, ControlParameters.HISTORY, Set.of());
      for (String name : parameters.keySet()) {
        if (!name.startsWith("_")) {
          throw ControlParameters.naming(
              name, "Unknown parameter '" + name + "' for _history; accepted: _since, _at, _count, _offset");
        }
      }
    } else if (path.equals("metadata") || SERVED.contains(path.split("/", 2)[0])) {
      ControlParameters.check(parameters, ControlParameters.OTHER, Set.of());
    } // else an unknown type: HAPI answers 404
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
    return ControlParameters.naming(name, what + " for " + type + "; supported: " + String.join(", ", all));
  }
}
