package dev.activityfhir.server.audit;

import dev.activityfhir.server.auth.Caller;
import dev.activityfhir.server.auth.CallerOrganization;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Shows a stored audit record as a FHIR R4 AuditEvent: type {@code rest}, subtype the RESTful interaction, action,
 * recorded, outcome (with the refusal's reason in {@code outcomeDesc}); one requesting agent whose {@code who} is
 * the organisation (an ODS identifier or an Organization reference) and whose {@code altId} is the client; the
 * resource concerned as the entity.
 */
public final class AuditEvents {

  static final String AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
  static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
  static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
  static final String RESOURCE_TYPES = "http://hl7.org/fhir/resource-types";

  private AuditEvents() {}

  /** The AuditEvent resource for {@code stored}. */
  public static AuditEvent toFhir(StoredAuditEvent stored) {
    AuditRecord record = stored.record();
    AuditEvent event = new AuditEvent();
    event.setId(stored.id());
    event.getMeta().setVersionId("1").setLastUpdated(Date.from(stored.recorded()));
    event.setType(new Coding(AUDIT_EVENT_TYPE, "rest", "RESTful Operation"));
    event.addSubtype(new Coding(RESTFUL_INTERACTION, record.interaction().code(), null));
    event.setAction(AuditEventAction.fromCode(record.interaction().action()));
    event.setRecorded(Date.from(stored.recorded()));
    event.setOutcome(AuditEventOutcome.fromCode(record.outcome()));
    if (record.detail() != null) {
      event.setOutcomeDesc(record.detail());
    } else if (record.httpStatus() >= 400) {
      event.setOutcomeDesc("HTTP " + record.httpStatus());
    }
    AuditEventAgentComponent agent = event.addAgent();
    agent.setRequestor(true);
    agent.setAltId(record.clientId());
    agent.setWho(organization(record.organization()));
    event.getSource().setSite("activity-fhir").setObserver(new Reference().setDisplay("Activity FHIR"));
    event.getSource().addType(new Coding(SOURCE_TYPE, "4", "Application Server"));
    if (record.resourceType() != null) {
      AuditEventEntityComponent entity = event.addEntity();
      entity.setType(new Coding(RESOURCE_TYPES, record.resourceType(), null));
      if (record.resourceId() != null) {
        entity.setWhat(new Reference(record.resourceType() + "/" + record.resourceId()));
      }
    }
    return event;
  }

  private static Reference organization(String organization) {
    if (organization == null) {
      return new Reference().setDisplay("unauthenticated caller");
    }
    if (organization.startsWith(Caller.PROVIDER_PREFIX)) {
      return new Reference(organization);
    }
    return new Reference()
        .setType("Organization")
        .setIdentifier(new Identifier().setSystem(CallerOrganization.ODS_SYSTEM).setValue(organization));
  }
}
