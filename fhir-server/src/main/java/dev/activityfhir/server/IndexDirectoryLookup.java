package dev.activityfhir.server;

import dev.activityfhir.server.fhir.index.Indexed;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.index.ScheduleKeys;
import dev.activityfhir.server.fhir.index.ServiceKeys;
import dev.activityfhir.server.fhir.index.SlotKeys;
import dev.activityfhir.server.referral.DirectoryLookup;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/** The referral side's view of the directory, answered from the in-memory index the directory publishes. */
public final class IndexDirectoryLookup implements DirectoryLookup {

  private static final String SERVICE_PREFIX = "HealthcareService/";

  private final ResourceIndex index;

  public IndexDirectoryLookup(ResourceIndex index) {
    this.index = index;
  }

  @Override
  public Optional<ProvidedService> service(String healthcareServiceId) {
    Indexed<ServiceKeys> service = index.query(view -> view.service(healthcareServiceId));
    if (service == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ProvidedService(service.id(), service.keys().organizationId(), service.keys().active()));
  }

  @Override
  public boolean organizationExists(String organizationId) {
    return index.query(view -> view.organization(organizationId)) != null;
  }

  @Override
  public Optional<Resource> resource(String type, String id) {
    if (!ResourceIndex.TYPES.contains(type)) {
      return Optional.empty();
    }
    return Optional.ofNullable(index.read(type, id));
  }

  @Override
  public Optional<Session> slot(String slotId) {
    return index.query(
        view -> {
          Indexed<SlotKeys> slot = view.slot(slotId);
          if (slot == null) {
            return Optional.<Session>empty();
          }
          Set<String> services = new HashSet<>();
          String scheduleId = slot.keys().scheduleId();
          Indexed<ScheduleKeys> schedule = scheduleId == null ? null : view.schedule(scheduleId);
          if (schedule != null) {
            for (String actor : schedule.keys().actors()) {
              if (actor.startsWith(SERVICE_PREFIX)) {
                services.add(actor.substring(SERVICE_PREFIX.length()));
              }
            }
          }
          long start = slot.keys().startMillis();
          return Optional.of(
              new Session(
                  slot.id(),
                  services,
                  start == Long.MIN_VALUE ? null : Instant.ofEpochMilli(start),
                  availability(slot.keys().status())));
        });
  }

  private static Availability availability(@Nullable String status) {
    if (status == null) {
      return Availability.OPEN;
    }
    return switch (status) {
      case "busy-unavailable", "entered-in-error" -> Availability.CANCELLED;
      case "busy" -> Availability.FULL;
      default -> Availability.OPEN;
    };
  }
}
