package dev.activityfhir.server.referral;

import dev.activityfhir.server.directory.ResourceChanges;
import dev.activityfhir.server.fhir.DirectoryFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Slot.SlotStatus;

/**
 * The directory the referral tests refer into: two providers, a walking-football service with sessions that are
 * open, full, cancelled and already started, and a yoga service of the other provider.
 */
final class ReferralDirectory {

  static final String WALKING_FOOTBALL = "hs-walking-football";
  static final String YOGA = "hs-yoga";
  static final String SLOT_OPEN = "slot-open";
  static final String SLOT_FULL = "slot-full";
  static final String SLOT_CANCELLED = "slot-cancelled";
  static final String SLOT_STARTED = "slot-started";
  static final String SLOT_YOGA = "slot-yoga";

  private ReferralDirectory() {}

  static ResourceChanges resources(Instant now) {
    Instant nextWeek = now.plus(Duration.ofDays(7));
    List<Resource> resources =
        List.of(
            DirectoryFixtures.organization("org-provider-1", "Peckham Active"),
            DirectoryFixtures.organization("org-provider-2", "Brixton Yoga"),
            DirectoryFixtures.location("loc-peckham", "Peckham Pulse", "SE15 5BN", 51.4740, -0.0690),
            DirectoryFixtures.service(
                WALKING_FOOTBALL, "Walking football", DirectoryFixtures.WALKING_FOOTBALL, "Walking Football",
                List.of("loc-peckham"), "org-provider-1", 50, null, null),
            DirectoryFixtures.service(
                YOGA, "Gentle yoga", DirectoryFixtures.YOGA, "Yoga", List.of("loc-peckham"), "org-provider-2", 18,
                null, null),
            DirectoryFixtures.schedule("sched-wf", WALKING_FOOTBALL, "loc-peckham", DirectoryFixtures.WALKING_FOOTBALL),
            DirectoryFixtures.schedule("sched-yoga", YOGA, "loc-peckham", DirectoryFixtures.YOGA),
            DirectoryFixtures.slot(SLOT_OPEN, "sched-wf", DirectoryFixtures.WALKING_FOOTBALL, nextWeek, SlotStatus.FREE),
            DirectoryFixtures.slot(SLOT_FULL, "sched-wf", DirectoryFixtures.WALKING_FOOTBALL, nextWeek, SlotStatus.BUSY),
            DirectoryFixtures.slot(
                SLOT_CANCELLED, "sched-wf", DirectoryFixtures.WALKING_FOOTBALL, nextWeek, SlotStatus.BUSYUNAVAILABLE),
            DirectoryFixtures.slot(
                SLOT_STARTED, "sched-wf", DirectoryFixtures.WALKING_FOOTBALL, now.minus(Duration.ofMinutes(30)),
                SlotStatus.FREE),
            DirectoryFixtures.slot(SLOT_YOGA, "sched-yoga", DirectoryFixtures.YOGA, nextWeek, SlotStatus.FREE));
    return new ResourceChanges(resources, List.of());
  }
}
