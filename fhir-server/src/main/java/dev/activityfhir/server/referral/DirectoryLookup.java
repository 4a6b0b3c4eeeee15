package dev.activityfhir.server.referral;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * What the referral side needs to know of the activity directory, and no more: the services referred to, who
 * provides them, and the sessions (Slots) a referral may name.
 */
public interface DirectoryLookup {

  /** A HealthcareService of the directory, if it is published. */
  Optional<ProvidedService> service(String healthcareServiceId);

  /** Whether the directory publishes this Organization. */
  boolean organizationExists(String organizationId);

  /** A published directory resource (for {@code _include}), if there is one. */
  Optional<Resource> resource(String type, String id);

  /** A Slot of the directory, if it is published. */
  Optional<Session> slot(String slotId);

  /**
   * A published HealthcareService.
   *
   * @param serviceId its id
   * @param organizationId the id of the Organization providing it ({@code providedBy}); null when unknown
   * @param active whether it is active
   */
  record ProvidedService(String serviceId, @Nullable String organizationId, boolean active) {}

  /**
   * A published Slot: one session of an activity.
   *
   * @param slotId its id
   * @param serviceIds the HealthcareServices its Schedule is for (the Schedule's actors)
   * @param start when it starts; null when unknown
   * @param availability whether places remain
   */
  record Session(String slotId, Set<String> serviceIds, @Nullable Instant start, Availability availability) {
    public Session {
      serviceIds = Set.copyOf(serviceIds);
    }
  }

  /** What a Slot's status says (the mapping: busy-unavailable = cancelled or postponed, busy = no places left). */
  enum Availability {
    OPEN,
    FULL,
    CANCELLED
  }
}
