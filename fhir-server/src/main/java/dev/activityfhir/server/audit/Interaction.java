package dev.activityfhir.server.audit;

/**
 * The FHIR RESTful interaction an audit record is about, with its code in {@code
 * http://hl7.org/fhir/restful-interaction} and its AuditEvent action ({@code C}, {@code R}, {@code U}, {@code D},
 * {@code E}).
 */
public enum Interaction {
  READ("read", "R"),
  VREAD("vread", "R"),
  HISTORY("history-instance", "R"),
  SEARCH("search-type", "E"),
  CREATE("create", "C"),
  UPDATE("update", "U"),
  PATCH("patch", "U"),
  DELETE("delete", "D"),
  TRANSACTION("transaction", "E"),
  BATCH("batch", "E"),
  OPERATION("operation", "E");

  private final String code;
  private final String action;

  Interaction(String code, String action) {
    this.code = code;
    this.action = action;
  }

  /** The code in {@code http://hl7.org/fhir/restful-interaction}. */
  public String code() {
    return code;
  }

  /** The AuditEvent action code. */
  public String action() {
    return action;
  }
}
