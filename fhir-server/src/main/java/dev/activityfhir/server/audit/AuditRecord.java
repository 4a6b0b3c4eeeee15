package dev.activityfhir.server.audit;

import dev.activityfhir.server.auth.Caller;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One audited request on the referral side: who, what, and how it ended. Holds no token, query string or patient
 * detail: {@code detail} is the refusal's reason, in the words of a rule.
 *
 * @param clientId the caller's client, or {@link #ANONYMOUS} when no valid token proved one
 * @param organization the caller's organisation ({@link Caller#organization()} form), or null when unknown
 * @param interaction what was attempted
 * @param resourceType the resource type, or null for a transaction or batch at the base URL
 * @param resourceId the resource's id, when one is concerned
 * @param httpStatus the status answered
 * @param detail why it was refused or failed, at most 1,024 characters (longer is cut), or null
 */
public record AuditRecord(
    String clientId,
    @Nullable String organization,
    Interaction interaction,
    @Nullable String resourceType,
    @Nullable String resourceId,
    int httpStatus,
    @Nullable String detail) {

  /** The client of a request that proved none. */
  public static final String ANONYMOUS = "anonymous";

  private static final int DETAIL_LIMIT = 1024;

  public AuditRecord {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(interaction, "interaction");
    // The columns' sizes: an id or type taken from a hostile URL is cut rather than lose the record.
    clientId = cut(clientId, 256);
    organization = organization == null ? null : cut(organization, 256);
    resourceType = resourceType == null ? null : cut(resourceType, 64);
    resourceId = resourceId == null ? null : cut(resourceId, 64);
    detail = detail == null ? null : cut(detail, DETAIL_LIMIT);
  }

  private static String cut(String text, int limit) {
    return text.length() > limit ? text.substring(0, limit) : text;
  }

  /** A successful interaction by {@code caller}. */
  public static AuditRecord success(
      Caller caller,
      Interaction interaction,
      @Nullable String resourceType,
      @Nullable String resourceId,
      int httpStatus) {
    return new AuditRecord(
        caller.clientId(), caller.organization(), interaction, resourceType, resourceId, httpStatus, null);
  }

  /** A refused or failed interaction; {@code caller} is null when no valid token proved one. */
  public static AuditRecord refusal(
      @Nullable Caller caller,
      Interaction interaction,
      @Nullable String resourceType,
      @Nullable String resourceId,
      int httpStatus,
      String reason) {
    return new AuditRecord(
        caller == null ? ANONYMOUS : caller.clientId(),
        caller == null ? null : caller.organization(),
        interaction,
        resourceType,
        resourceId,
        httpStatus,
        reason);
  }

  /**
   * The AuditEvent outcome: {@code 0} success, {@code 4} minor failure (refused or a client error, 4xx), {@code 8}
   * serious failure (the server failed, 5xx).
   */
  public String outcome() {
    if (httpStatus < 400) {
      return "0";
    }
    return httpStatus < 500 ? "4" : "8";
  }
}
