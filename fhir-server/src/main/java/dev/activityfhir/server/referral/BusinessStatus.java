package dev.activityfhir.server.referral;

import java.util.Arrays;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;

/** The finer steps of a referral's Task, in {@code Task.businessStatus}, published as a CodeSystem. */
public enum BusinessStatus {
  CONTACTED("contacted", "Contacted", "The provider has contacted the person."),
  BOOKED("booked", "Booked", "The person is booked on a session."),
  ATTENDED_FIRST_SESSION("attended-first-session", "Attended first session", "The person attended a first session."),
  DID_NOT_ATTEND("did-not-attend", "Did not attend", "The person did not attend the session booked."),
  COMPLETED_PROGRAMME("completed-programme", "Completed programme", "The person completed the programme.");

  /** The CodeSystem's canonical URL. */
  public static final String SYSTEM = "https://activityfhir.dev/fhir/CodeSystem/referral-business-status";

  private final String code;
  private final String display;
  private final String definition;

  BusinessStatus(String code, String display, String definition) {
    this.code = code;
    this.display = display;
    this.definition = definition;
  }

  public String code() {
    return code;
  }

  public static Optional<BusinessStatus> of(String code) {
    return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
  }

  /** The CodeSystem served at {@code CodeSystem/referral-business-status}. */
  public static CodeSystem codeSystem() {
    CodeSystem system = new CodeSystem();
    system.setId("referral-business-status");
    system.setUrl(SYSTEM);
    system.setName("ReferralBusinessStatus");
    system.setTitle("Referral business status");
    system.setStatus(PublicationStatus.ACTIVE);
    system.setContent(CodeSystemContentMode.COMPLETE);
    system.setCaseSensitive(true);
    for (BusinessStatus status : values()) {
      system.addConcept().setCode(status.code).setDisplay(status.display).setDefinition(status.definition);
    }
    return system;
  }
}
