package dev.activityfhir.server.audit;

/** The audit trail could not be written or read: the request it concerns must not succeed unrecorded. */
public final class AuditException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
