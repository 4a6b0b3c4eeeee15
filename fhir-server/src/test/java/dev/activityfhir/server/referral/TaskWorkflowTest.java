package dev.activityfhir.server.referral;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activityfhir.server.problem.FhirProblem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class TaskWorkflowTest {

  private static Task task(TaskStatus status) {
    Task task = new Task();
    task.setStatus(status);
    task.setIntent(Task.TaskIntent.ORDER);
    task.setFocus(new Reference("ServiceRequest/sr-1"));
    task.setOwner(new Reference("Organization/org-provider-1"));
    return task;
  }

  private static Task moved(Task from, TaskStatus to, String reason) {
    Task next = from.copy();
    next.setStatus(to);
    if (reason != null) {
      next.setStatusReason(new CodeableConcept().setText(reason));
    }
    return next;
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "REQUESTED, ACCEPTED, ",
    "REQUESTED, REJECTED, Not eligible",
    "REQUESTED, CANCELLED, Duplicate",
    "ACCEPTED, INPROGRESS, ",
    "INPROGRESS, COMPLETED, ",
    "INPROGRESS, FAILED, Stopped attending",
    "ACCEPTED, ONHOLD, In hospital",
    "ACCEPTED, ACCEPTED, ",
  })
  void legalTransitions(TaskStatus from, TaskStatus to, String reason) {
    assertThatCode(() -> TaskWorkflow.checkUpdate(task(from), moved(task(from), to, reason), null)).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "REQUESTED, COMPLETED",
    "REQUESTED, INPROGRESS",
    "ACCEPTED, REQUESTED",
    "COMPLETED, INPROGRESS",
    "REJECTED, ACCEPTED",
  })
  void illegalTransitionsAnswer422(TaskStatus from, TaskStatus to) {
    assertThatThrownBy(() -> TaskWorkflow.checkUpdate(task(from), moved(task(from), to, "why"), null))
        .isInstanceOfSatisfying(
            FhirProblem.class,
            p -> org.assertj.core.api.Assertions.assertThat(p.status()).isEqualTo(FhirProblem.Status.UNPROCESSABLE_ENTITY));
  }

  @Test
  void reasonsAreRequiredWhereTheWorkflowStops() {
    assertThatThrownBy(() -> TaskWorkflow.checkUpdate(task(TaskStatus.REQUESTED), moved(task(TaskStatus.REQUESTED), TaskStatus.REJECTED, null), null))
        .hasMessageContaining("statusReason.text");
  }

  @Test
  void onHoldReturnsOnlyToWhereItWas() {
    Task held = moved(task(TaskStatus.INPROGRESS), TaskStatus.ONHOLD, "Away");
    assertThatCode(() -> TaskWorkflow.checkUpdate(held, moved(held, TaskStatus.INPROGRESS, null), TaskStatus.INPROGRESS))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> TaskWorkflow.checkUpdate(held, moved(held, TaskStatus.ACCEPTED, null), TaskStatus.INPROGRESS))
        .isInstanceOf(FhirProblem.class);
  }

  @Test
  void onlyTheProvidersElementsMayChange() {
    Task current = task(TaskStatus.ACCEPTED);
    Task withNote = current.copy();
    withNote.addNote().setText("Called, booked Tuesday");
    withNote.setBusinessStatus(new CodeableConcept(new Coding(BusinessStatus.SYSTEM, "booked", null)));
    assertThatCode(() -> TaskWorkflow.checkUpdate(current, withNote, null)).doesNotThrowAnyException();

    Task newOwner = current.copy();
    newOwner.setOwner(new Reference("Organization/someone-else"));
    assertThatThrownBy(() -> TaskWorkflow.checkUpdate(current, newOwner, null)).hasMessageContaining("Only status");

    Task unknownStep = current.copy();
    unknownStep.setBusinessStatus(new CodeableConcept(new Coding(BusinessStatus.SYSTEM, "teleported", null)));
    assertThatThrownBy(() -> TaskWorkflow.checkUpdate(current, unknownStep, null)).hasMessageContaining("teleported");
  }
}
