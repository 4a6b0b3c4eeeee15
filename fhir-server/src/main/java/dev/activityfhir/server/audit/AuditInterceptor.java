package dev.activityfhir.server.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dev.activityfhir.server.auth.Caller;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the referral side's reads, searches and refusals in the audit trail, each in a transaction of its own.
 * Successful writes are not recorded here: the referral service records each in the write's own transaction.
 * A read whose record cannot be stored fails rather than answer unrecorded; a refusal stands whatever happens.
 * Only a 401 or 403 keeps its reason (the wording of an access rule); other failures keep their status alone, as
 * validation messages may quote what a request carried.
 */
@Interceptor
public final class AuditInterceptor {

  private static final Logger log = LoggerFactory.getLogger(AuditInterceptor.class);

  private static final Map<RestOperationTypeEnum, Interaction> READS =
      Map.of(
          RestOperationTypeEnum.READ, Interaction.READ,
          RestOperationTypeEnum.VREAD, Interaction.VREAD,
          RestOperationTypeEnum.SEARCH_TYPE, Interaction.SEARCH,
          RestOperationTypeEnum.GET_PAGE, Interaction.SEARCH,
          RestOperationTypeEnum.HISTORY_INSTANCE, Interaction.HISTORY);

  private final Supplier<@Nullable AuditTrail> trail;
  private final Function<RequestDetails, @Nullable Caller> callers;

  /**
   * @param trail the audit trail, null until the database is open (nothing is served before)
   * @param callers the caller a request was authenticated as, null when it was refused before that
   */
  public AuditInterceptor(
      Supplier<@Nullable AuditTrail> trail, Function<RequestDetails, @Nullable Caller> callers) {
    this.trail = trail;
    this.callers = callers;
  }

  /** Records a successful read, search or history before its answer is sent. */
  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public boolean recordRead(RequestDetails request, ResponseDetails response) {
    Interaction interaction = READS.get(request.getRestOperationType());
    AuditTrail audit = trail.get();
    Caller caller = callers.apply(request);
    if (interaction == null || audit == null || caller == null) {
      return true;
    }
    audit.record(
        AuditRecord.success(
            caller, interaction, request.getResourceName(), idOf(request), response.getResponseCode()));
    return true;
  }

  /** Records a refused or failed request. */
  @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
  public boolean recordRefusal(RequestDetails request, BaseServerResponseException exception) {
    AuditTrail audit = trail.get();
    if (audit == null) {
      return true;
    }
    int status = exception.getStatusCode();
    String reason = status == 401 || status == 403 ? exception.getMessage() : "HTTP " + status;
    try {
      audit.record(
          AuditRecord.refusal(
              callers.apply(request),
              interactionOf(request),
              request.getResourceName(),
              idOf(request),
              status,
              reason == null ? "HTTP " + status : reason));
    } catch (AuditException e) {
      log.error("A refused request could not be recorded in the audit trail", e);
    }
    return true;
  }

  private static Interaction interactionOf(RequestDetails request) {
    RestOperationTypeEnum operation = request.getRestOperationType();
    if (operation != null) {
      Interaction read = READS.get(operation);
      if (read != null) {
        return read;
      }
      switch (operation) {
        case CREATE:
          return Interaction.CREATE;
        case UPDATE:
          return Interaction.UPDATE;
        case PATCH:
          return Interaction.PATCH;
        case DELETE:
          return Interaction.DELETE;
        case TRANSACTION:
          return Interaction.TRANSACTION;
        case BATCH:
          return Interaction.BATCH;
        default:
          return Interaction.OPERATION;
      }
    }
    // Refused before HAPI chose a method (e.g. no token): judge by the HTTP method and path.
    String method = request.getRequestType() == null ? "GET" : request.getRequestType().name();
    boolean instance = idOf(request) != null;
    return switch (method) {
      case "POST" -> request.getResourceName() == null ? Interaction.TRANSACTION : Interaction.CREATE;
      case "PUT" -> Interaction.UPDATE;
      case "PATCH" -> Interaction.PATCH;
      case "DELETE" -> Interaction.DELETE;
      default -> instance ? Interaction.READ : Interaction.SEARCH;
    };
  }

  private static @Nullable String idOf(RequestDetails request) {
    return request.getId() == null || !request.getId().hasIdPart() ? null : request.getId().getIdPart();
  }
}
