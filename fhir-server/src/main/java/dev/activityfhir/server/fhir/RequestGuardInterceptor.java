package dev.activityfhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import dev.activityfhir.server.fhir.search.DeclaredSearches;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 *   <li>400 with an OperationOutcome naming the parameter for a search parameter, modifier, chain, {@code _has},
 *       {@code _include} or {@code _revinclude} the package does not declare for the type ({@link
 *       DeclaredSearches}): HAPI's plain server would silently ignore it, and a link worker would get unfiltered
 *       results; under {@code Prefer: handling=lenient} the parameter is ignored instead and reported in the
 *       Bundle ({@link #reportIgnored});
 *   <li>a further page ({@code _getpages}) without {@code _bundletype} is typed {@code searchset}.
 * </ul>
 */
@Interceptor
public final class RequestGuardInterceptor {

  private static final Logger log = LoggerFactory.getLogger(RequestGuardInterceptor.class);

  /** Result parameters accepted on every search. */
  static final Set<String> COMMON = ControlParameters.SEARCH;

  /** The directory's searchable types. */
  static final List<String> DIRECTORY_TYPES =
      List.of("HealthcareService", "Location", "Organization", "Schedule", "Slot");

  /** User-data key of the request: the parameters a lenient search ignored, with the reason for each. */
  static final String IGNORED = "activityfhir.ignoredParameters";

  private static final String PREFER = "Prefer";

  /** Types served for read: those searched, and the code systems. */
  private static final Set<String> SERVED =
      Set.of("HealthcareService", "Location", "Organization", "Schedule", "Slot", "CodeSystem");

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  private final BooleanSupplier ready;
  private final DeclaredSearches declared;

  /**
   * @param ready true once the index holds the stored data
   * @param declared what each type's searches accept (the FHIR package's SearchParameters)
   */
  public RequestGuardInterceptor(BooleanSupplier ready, DeclaredSearches declared) {
    this.ready = ready;
    this.declared = declared;
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
    boolean search =
        declared.types().contains(type)
            && (request.getRequestType() == RequestTypeEnum.GET || path.endsWith("/_search"));
    if (search) {
      checkSearch(request, type, parameters);
    } else if (path.isEmpty() && parameters.containsKey(Constants.PARAM_PAGINGACTION)) {
      ControlParameters.check(parameters, ControlParameters.PAGE, Set.of());
      if (!parameters.containsKey(Constants.PARAM_BUNDLETYPE)) {
        // HAPI leaves a further page untyped unless its link names the type; a Bundle must have one.
        request.addParameter(Constants.PARAM_BUNDLETYPE, new String[] {"searchset"});
      }
    } else if (path.endsWith("/_history") && declared.types().contains(path.substring(0, path.length() - 9))) {
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

  /**
   * Checks a search's parameters against the type's declarations: an undeclared one answers 400 naming it, or,
   * under {@code Prefer: handling=lenient}, is taken off the request (so neither the search nor the {@code self}
   * link sees it) and reported by {@link #reportIgnored}. Then checks the values of the {@code _} parameters.
   */
  private void checkSearch(RequestDetails request, String type, Map<String, String[]> parameters) {
    boolean lenient = isLenient(request);
    Map<String, String> ignored = new LinkedHashMap<>();
    for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      if (COMMON.contains(name)) {
        continue;
      }
      String why = declared.undeclared(type, name);
      if (why == null && (name.equals("_include") || name.equals("_revinclude"))) {
        for (String value : parameter.getValue()) {
          why = why == null ? declared.undeclaredInclude(type, name, value) : why;
        }
      }
      if (why == null && name.endsWith(":missing")) {
        for (String value : parameter.getValue()) {
          if (!value.equals("true") && !value.equals("false")) {
            throw ControlParameters.naming(name, "Invalid value for parameter '" + name + "': expected true or false");
          }
        }
      }
      if (why != null) {
        if (!lenient) {
          TreeSet<String> all = new TreeSet<>(declared.names(type));
          all.addAll(COMMON);
          throw ControlParameters.naming(name, why + "; supported: " + String.join(", ", all));
        }
        ignored.put(name, why);
      }
    }
    ignored.keySet().forEach(request::removeParameter);
    if (!ignored.isEmpty()) {
      log.info("Lenient search of {} ignored {} parameter(s)", type, ignored.size());
      request.getUserData().put(IGNORED, ignored);
    }
    Set<String> underscored = new TreeSet<>();
    for (String name : request.getParameters().keySet()) {
      if (name.startsWith("_") && !COMMON.contains(name)) {
        underscored.add(name); // declared above: _id, _lastUpdated, _has:..., _include, _revinclude
      }
    }
    ControlParameters.check(request.getParameters(), COMMON, underscored);
  }

  /** Whether the request carries {@code Prefer: handling=lenient} (among other preferences, if any). */
  private static boolean isLenient(RequestDetails request) {
    List<String> prefer = request.getHeaders(PREFER);
    if (prefer == null) {
      return false;
    }
    for (String header : prefer) {
      for (String preference : header.split("[,;]")) {
        if (preference.strip().replace(" ", "").equalsIgnoreCase("handling=lenient")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Adds to a lenient search's Bundle the parameters it ignored: one entry with {@code search.mode=outcome}
   * holding an OperationOutcome with a warning per parameter (its name in {@code expression}). Runs before the
   * page is written.
   */
  @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = 50)
  public void reportIgnored(RequestDetails request, ResponseDetails details) {
    Object ignored = request.getUserData().get(IGNORED);
    if (!(ignored instanceof Map<?, ?> reasons) || !(details.getResponseResource() instanceof Bundle bundle)) {
      return;
    }
    OperationOutcome outcome = new OperationOutcome();
    outcome.setId(UUID.randomUUID().toString());
    reasons.forEach(
        (name, why) ->
            outcome
                .addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.WARNING)
                .setCode(OperationOutcome.IssueType.NOTSUPPORTED)
                .setDiagnostics("Ignored parameter '" + name + "': " + why)
                .addExpression(String.valueOf(name)));
    Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent();
    entry.setFullUrl("urn:uuid:" + outcome.getIdElement().getIdPart());
    entry.setResource(outcome);
    entry.getSearch().setMode(Bundle.SearchEntryMode.OUTCOME);
    bundle.getEntry().add(entry);
  }
}
