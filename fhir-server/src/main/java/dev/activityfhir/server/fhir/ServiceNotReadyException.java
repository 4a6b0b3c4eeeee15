package dev.activityfhir.server.fhir;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * 503 Service Unavailable: the stored data is not loaded into the index yet. It carries its OperationOutcome, so
 * HAPI sends it without logging a stack trace: answering 503 while loading is expected, not a fault.
 */
public final class ServiceNotReadyException extends BaseServerResponseException {

  private static final long serialVersionUID = 1L;

  private static final String MESSAGE = "The directory is loading its data; try again in a few seconds";

  /** The exception, with a {@code Retry-After} header suggesting when to try again. */
  public ServiceNotReadyException() {
    super(503, MESSAGE, outcome());
    addResponseHeader("Retry-After", "5");
  }

  private static OperationOutcome outcome() {
    OperationOutcome outcome = new OperationOutcome();
    outcome
        .addIssue()
        .setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.TRANSIENT)
        .setDiagnostics(MESSAGE);
    return outcome;
  }
}
