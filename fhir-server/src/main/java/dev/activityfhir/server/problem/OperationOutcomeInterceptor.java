package dev.activityfhir.server.problem;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import dev.activityfhir.server.auth.AuthenticationFailure;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error path of the FHIR endpoints: turns what a request threw into the HTTP status and OperationOutcome
 * answered. {@link FhirProblem} keeps its status and issues; {@link AuthenticationFailure} answers 401 with {@code
 * WWW-Authenticate: Bearer}; a body HAPI could not parse answers 400; HAPI's own exceptions keep their status;
 * anything else answers 500 without detail. 4xx are logged in one line ({@link #logRefusal}), 5xx with the stack trace.
 */
@Interceptor
public final class OperationOutcomeInterceptor {

  private static final Logger log = LoggerFactory.getLogger(OperationOutcomeInterceptor.class);

  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException toResponse(RequestDetails request, Throwable thrown) {
    BaseServerResponseException answer = translate(thrown);
    String method = request.getRequestType() == null ? "?" : request.getRequestType().name();
    if (answer.getStatusCode() >= 500) {
      log.error("{} /{} failed: {}", method, request.getRequestPath(), answer.getStatusCode(), thrown);
    } else {
      logRefusal(method, request.getRequestPath(), answer);
    }
    return answer;
  }

  /**
   * Logs a refusal once, in one line without a stack trace: 401 and 403 at WARN (someone tried what they may not),
   * other 4xx at INFO. Only the method and path are logged, never the query string (it may hold an NHS number) nor
   * a header (the token); for 400 and 422, whose diagnostics may quote the body, only the element paths.
   */
  public static void logRefusal(String method, @Nullable String path, BaseServerResponseException answer) {
    int status = answer.getStatusCode();
    String where = method + " /" + (path == null ? "" : path.replaceFirst("^/", ""));
    String why = status == 400 || status == 422 ? "at " + expressions(answer) : answer.getMessage();
    if (status == 401 || status == 403) {
      log.warn("{} refused {}: {}", where, status, why);
    } else {
      log.info("{} refused {}: {}", where, status, why);
    }
  }

  private static String expressions(BaseServerResponseException answer) {
    if (answer.getOperationOutcome() instanceof OperationOutcome outcome) {
      List<String> paths =
          outcome.getIssue().stream().flatMap(i -> i.getExpression().stream()).map(e -> e.getValue()).toList();
      if (!paths.isEmpty()) {
        return String.join(", ", paths);
      }
    }
    return "(no element named)";
  }

  /** The response for a throwable (public for the servlet-level checks that answer before HAPI). */
  public static BaseServerResponseException translate(Throwable thrown) {
    FhirProblem problem = find(thrown, FhirProblem.class);
    if (problem != null) {
      return response(problem);
    }
    AuthenticationFailure failure = find(thrown, AuthenticationFailure.class);
    if (failure != null) {
      BaseServerResponseException answer =
          response(new FhirProblem(FhirProblem.Status.UNAUTHORIZED, IssueType.LOGIN, failure.getMessage()));
      answer.addResponseHeader("WWW-Authenticate", "Bearer");
      return answer;
    }
    DataFormatException unparsable = find(thrown, DataFormatException.class);
    if (unparsable != null) {
      return response(FhirProblem.badRequest("The body is not a valid FHIR resource: " + unparsable.getMessage()));
    }
    if (thrown instanceof BaseServerResponseException hapi) {
      return hapi;
    }
    return new UnclassifiedServerFailureException(
        500, "The server failed to process the request", outcome(List.of(
            FhirProblem.Issue.of(IssueType.EXCEPTION, "The server failed to process the request"))));
  }

  /** The HAPI exception answering a problem, its OperationOutcome attached. */
  public static BaseServerResponseException response(FhirProblem problem) {
    return new UnclassifiedServerFailureException(
        problem.status().code(), problem.getMessage(), outcome(problem.issues()));
  }

  /** An OperationOutcome of error issues. */
  public static IBaseOperationOutcome outcome(List<FhirProblem.Issue> issues) {
    OperationOutcome outcome = new OperationOutcome();
    for (FhirProblem.Issue issue : issues) {
      OperationOutcome.OperationOutcomeIssueComponent component =
          outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(issue.code()).setDiagnostics(issue.diagnostics());
      issue.expression().forEach(component::addExpression);
    }
    return outcome;
  }

  private static <T extends Throwable> @Nullable T find(Throwable thrown, Class<T> type) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
