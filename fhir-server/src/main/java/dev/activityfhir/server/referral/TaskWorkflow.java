package dev.activityfhir.server.referral;

import dev.activityfhir.server.problem.FhirProblem;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.jspecify.annotations.Nullable;

/**
 * The referral Task's life (Gravity closed loop): the provider moves it {@code requested → accepted | rejected |
 * cancelled}, {@code accepted → in-progress → completed | failed}, to {@code on-hold} and back to where it was.
 * Only status, statusReason, businessStatus, note and output may change; anything else answers 422.
 */
public final class TaskWorkflow {

  private static final Map<TaskStatus, Set<TaskStatus>> NEXT =
      Map.of(
          TaskStatus.REQUESTED,
          EnumSet.of(TaskStatus.ACCEPTED, TaskStatus.REJECTED, TaskStatus.CANCELLED, TaskStatus.ONHOLD),
          TaskStatus.ACCEPTED,
          EnumSet.of(TaskStatus.INPROGRESS, TaskStatus.CANCELLED, TaskStatus.ONHOLD),
          TaskStatus.INPROGRESS,
          EnumSet.of(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.ONHOLD));

  private static final Set<TaskStatus> NEED_REASON =
      EnumSet.of(TaskStatus.REJECTED, TaskStatus.CANCELLED, TaskStatus.FAILED, TaskStatus.ONHOLD);

  private TaskWorkflow() {}

  /**
   * Checks an update of a Task.
   *
   * @param current the stored Task
   * @param proposed the Task as the client would have it
   * @param beforeHold the status the Task had before it went on hold (when it is on hold)
   * @throws FhirProblem 422 for an illegal transition, a missing reason, an unknown business status or a change
   *     to another element
   */
  public static void checkUpdate(Task current, Task proposed, @Nullable TaskStatus beforeHold) {
    TaskStatus from = current.getStatus();
    TaskStatus to = proposed.getStatus();
    if (to == null) {
      throw FhirProblem.unprocessable("Task.status is required", "Task.status");
    }
    if (from != to && !allowed(from, to, beforeHold)) {
      throw FhirProblem.unprocessable(
          "A referral Task cannot go from " + from.toCode() + " to " + to.toCode(), "Task.status");
    }
    if (NEED_REASON.contains(to) && (!proposed.hasStatusReason() || !proposed.getStatusReason().hasText())) {
      throw FhirProblem.unprocessable(
          "A Task that is " + to.toCode() + " needs statusReason.text", "Task.statusReason.text");
    }
    checkBusinessStatus(proposed.getBusinessStatus());
    if (!sameOtherwise(current, proposed)) {
      throw FhirProblem.unprocessable(
          "Only status, statusReason, businessStatus, note and output of a referral Task may change", "Task");
    }
  }

  private static boolean allowed(TaskStatus from, TaskStatus to, @Nullable TaskStatus beforeHold) {
    if (from == TaskStatus.ONHOLD) {
      return to == beforeHold || to == TaskStatus.CANCELLED;
    }
    return NEXT.getOrDefault(from, Set.of()).contains(to);
  }

  private static void checkBusinessStatus(CodeableConcept businessStatus) {
    for (Coding coding : businessStatus.getCoding()) {
      if (BusinessStatus.SYSTEM.equals(coding.getSystem()) && BusinessStatus.of(coding.getCode()).isEmpty()) {
        throw FhirProblem.unprocessable(
            "Unknown business status '" + coding.getCode() + "' in " + BusinessStatus.SYSTEM,
            "Task.businessStatus.coding.code");
      }
    }
  }

  /** Whether the two Tasks agree on everything but the elements a provider may change (and meta). */
  private static boolean sameOtherwise(Task current, Task proposed) {
    return withoutChangeable(current).equalsDeep(withoutChangeable(proposed));
  }

  private static Task withoutChangeable(Task task) {
    Task copy = task.copy();
    copy.setStatus(null);
    copy.setStatusReason(null);
    copy.setBusinessStatus(null);
    copy.setNote(null);
    copy.setOutput(null);
    copy.setMeta(null);
    copy.setText(null);
    copy.setLastModified(null);
    copy.setId((String) null);
    return copy;
  }

  /** The status a ServiceRequest takes when its Task reaches this status, if it changes. */
  public static ServiceRequest.@Nullable ServiceRequestStatus serviceRequestStatus(
      TaskStatus taskStatus) {
    return switch (taskStatus) {
      case COMPLETED -> ServiceRequest.ServiceRequestStatus.COMPLETED;
      case REJECTED, CANCELLED -> ServiceRequest.ServiceRequestStatus.REVOKED;
      default -> null;
    };
  }
}
