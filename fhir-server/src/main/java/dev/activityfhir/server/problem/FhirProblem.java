package dev.activityfhir.server.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jspecify.annotations.Nullable;

/**
 * A request the server refuses, with the HTTP status and the OperationOutcome issues to answer. Domain code throws
 * it; {@link OperationOutcomeInterceptor} turns it into the response. The messages are written for the client: they
 * never carry stored data the caller may not see.
 */
public final class FhirProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The statuses a refusal answers with. */
  public enum Status {
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    CONFLICT(409),
    PRECONDITION_FAILED(412),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    UNPROCESSABLE_ENTITY(422);

    private final int code;

    Status(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  /**
   * One OperationOutcome issue (severity error).
   *
   * @param code the issue type, e.g. {@code required}, {@code invalid}, {@code business-rule}
   * @param diagnostics what is wrong, for a person to read
   * @param expression element paths in FHIRPath, e.g. {@code ServiceRequest.subject}; empty when none applies
   */
  public record Issue(IssueType code, String diagnostics, List<String> expression) {
    public Issue {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(diagnostics, "diagnostics");
      expression = List.copyOf(expression);
    }

    public static Issue of(IssueType code, String diagnostics, String... expression) {
      return new Issue(code, diagnostics, List.of(expression));
    }
  }

  private final transient Status status;
  private final transient List<Issue> issues;

  public FhirProblem(Status status, List<Issue> issues) {
    super(issues.isEmpty() ? status.name() : issues.get(0).diagnostics(), null, false, false);
    if (issues.isEmpty()) {
      throw new IllegalArgumentException("a problem needs at least one issue");
    }
    this.status = status;
    this.issues = List.copyOf(issues);
  }

  public FhirProblem(Status status, IssueType code, String diagnostics, String... expression) {
    this(status, List.of(Issue.of(code, diagnostics, expression)));
  }

  public static FhirProblem badRequest(String diagnostics, String... expression) {
    return new FhirProblem(Status.BAD_REQUEST, IssueType.INVALID, diagnostics, expression);
  }

  public static FhirProblem forbidden(String diagnostics) {
    return new FhirProblem(Status.FORBIDDEN, IssueType.FORBIDDEN, diagnostics);
  }

  /** Not found, or not the caller's to see: the two are answered alike so that nothing is revealed. */
  public static FhirProblem notFound(String reference) {
    return new FhirProblem(Status.NOT_FOUND, IssueType.NOTFOUND, reference + " is not known");
  }

  public static FhirProblem conflict(String diagnostics, String... expression) {
    return new FhirProblem(Status.CONFLICT, IssueType.CONFLICT, diagnostics, expression);
  }

  public static FhirProblem preconditionFailed(String diagnostics) {
    return new FhirProblem(Status.PRECONDITION_FAILED, IssueType.CONFLICT, diagnostics);
  }

  public static FhirProblem unprocessable(String diagnostics, String... expression) {
    return new FhirProblem(Status.UNPROCESSABLE_ENTITY, IssueType.BUSINESSRULE, diagnostics, expression);
  }

  public Status status() {
    return status;
  }

  /**
   * The same refusal with every issue's element paths rewritten (e.g. to locate them in a Bundle entry); an issue
   * without a path gets {@code whereNone} when that is not null.
   */
  public FhirProblem withExpressions(UnaryOperator<String> rewrite, @Nullable String whereNone) {
    List<Issue> rewritten = new ArrayList<>();
    for (Issue issue : issues) {
      List<String> expression =
          issue.expression().isEmpty() && whereNone != null
              ? List.of(whereNone)
              : issue.expression().stream().map(rewrite).toList();
      rewritten.add(new Issue(issue.code(), issue.diagnostics(), expression));
    }
    return new FhirProblem(status, rewritten);
  }

  public List<Issue> issues() {
    return issues;
  }
}
