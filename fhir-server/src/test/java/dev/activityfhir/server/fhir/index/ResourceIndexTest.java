package dev.activityfhir.server.fhir.index;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dev.activityfhir.server.directory.ResourceChanges;
import dev.activityfhir.server.fhir.DirectoryFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.Test;

class ResourceIndexTest {

  private final ResourceIndex index = new ResourceIndex(FhirContext.forR4Cached());

  @Test
  void readReturnsTheResourceWithVersionOneAndItsLastUpdated() {
    index.apply(DirectoryFixtures.all());

    Location location = (Location) index.read("Location", "loc-peckham");

    assertThat(location.getIdElement().getValue()).isEqualTo("Location/loc-peckham/_history/1");
    assertThat(location.getMeta().getVersionId()).isEqualTo("1");
    assertThat(location.getMeta().getLastUpdated().toInstant()).isEqualTo(Instant.parse("2025-11-01T09:00:00Z"));
    assertThat(location.getAddress().getPostalCode()).isEqualTo("SE15 5BN");
    assertThat(location.getPosition().getLatitude().doubleValue()).isEqualTo(51.4740);
    assertThat(index.size("Slot")).isEqualTo(28);
  }

  @Test
  void versionBumpsOnlyWhenContentChanges() {
    index.apply(DirectoryFixtures.all());
    index.apply(DirectoryFixtures.all());
    assertThat(index.read("Location", "loc-peckham").getMeta().getVersionId()).isEqualTo("1");

    Location renamed = DirectoryFixtures.location("loc-peckham", "Peckham Pulse Leisure", "SE15 5BN", 51.474, -0.069);
    index.apply(new ResourceChanges(List.of(renamed), List.of()));

    Location read = (Location) index.read("Location", "loc-peckham");
    assertThat(read.getMeta().getVersionId()).isEqualTo("2");
    assertThat(read.getName()).isEqualTo("Peckham Pulse Leisure");
  }

  @Test
  void deletionIsRememberedAndAReturnContinuesTheVersions() {
    index.apply(DirectoryFixtures.all());
    index.apply(new ResourceChanges(List.of(), List.of("Slot/slot-hy-1", "HealthcareService/hs-swim")));

    assertThat(index.read("Slot", "slot-hy-1")).isNull();
    assertThat(index.presence("Slot", "slot-hy-1")).isEqualTo(ResourceIndex.Presence.DELETED);
    assertThat(index.presence("Slot", "slot-never")).isEqualTo(ResourceIndex.Presence.UNKNOWN);
    assertThat(index.presence("Slot", "slot-hy-2")).isEqualTo(ResourceIndex.Presence.LIVE);
    assertThat(slotsOf("sch-hatha-yoga")).containsExactlyInAnyOrder("slot-hy-2", "slot-hy-3");

    Slot back =
        DirectoryFixtures.slot("slot-hy-1", "sch-hatha-yoga", DirectoryFixtures.HATHA_YOGA,
            Instant.parse("2026-01-07T18:30:00Z"), Slot.SlotStatus.BUSY);
    index.apply(new ResourceChanges(List.of(back), List.of()));

    assertThat(index.read("Slot", "slot-hy-1").getMeta().getVersionId()).isEqualTo("2");
    assertThat(index.presence("Slot", "slot-hy-1")).isEqualTo(ResourceIndex.Presence.LIVE);
  }

  @Test
  void remembersOnlyTheMostRecentlyWithdrawn() {
    ResourceIndex bounded = new ResourceIndex(FhirContext.forR4Cached(), 100, 2);
    bounded.apply(DirectoryFixtures.all());

    bounded.apply(
        new ResourceChanges(List.of(), List.of("Slot/slot-wf-00", "Slot/slot-wf-01", "Slot/slot-wf-02")));

    assertThat(bounded.presence("Slot", "slot-wf-00")).isEqualTo(ResourceIndex.Presence.UNKNOWN);
    assertThat(bounded.presence("Slot", "slot-wf-01")).isEqualTo(ResourceIndex.Presence.DELETED);
    assertThat(bounded.presence("Slot", "slot-wf-02")).isEqualTo(ResourceIndex.Presence.DELETED);

    // Published again, slot-wf-01 leaves the set: withdrawing another one then forgets nothing.
    Slot back =
        DirectoryFixtures.slot("slot-wf-01", "sch-walking-football", DirectoryFixtures.WALKING_FOOTBALL,
            DirectoryFixtures.FIRST_SLOT.plus(Duration.ofDays(7)), Slot.SlotStatus.BUSY);
    bounded.apply(new ResourceChanges(List.of(back), List.of("Slot/slot-wf-03")));

    assertThat(bounded.read("Slot", "slot-wf-01").getMeta().getVersionId()).isEqualTo("2");
    assertThat(bounded.presence("Slot", "slot-wf-02")).isEqualTo(ResourceIndex.Presence.DELETED);
    assertThat(bounded.presence("Slot", "slot-wf-03")).isEqualTo(ResourceIndex.Presence.DELETED);
    assertThat(bounded.snapshot().withdrawn()).containsOnlyKeys("Slot/slot-wf-02", "Slot/slot-wf-03");
  }

  @Test
  void ignoresTypesItDoesNotHoldAndUnknownDeletions() {
    index.apply(DirectoryFixtures.all());
    long before = index.generation();

    index.apply(
        new ResourceChanges(
            List.of(new org.hl7.fhir.r4.model.Patient().setId("p1")),
            List.of("Patient/p1", "nonsense", "Slot/never-there")));

    assertThat(index.presence("Slot", "never-there")).isEqualTo(ResourceIndex.Presence.UNKNOWN);
    assertThat(index.size("Slot")).isEqualTo(28);
    assertThat(index.generation()).isEqualTo(before + 1);
  }

  @Test
  void movingASlotToAnotherScheduleMovesItInTheScheduleIndex() {
    index.apply(DirectoryFixtures.all());
    Slot moved =
        DirectoryFixtures.slot("slot-hy-3", "sch-walking-football", DirectoryFixtures.WALKING_FOOTBALL,
            Instant.parse("2026-01-21T18:30:00Z"), Slot.SlotStatus.FREE);

    index.apply(new ResourceChanges(List.of(moved), List.of()));

    assertThat(slotsOf("sch-hatha-yoga")).containsExactlyInAnyOrder("slot-hy-1", "slot-hy-2");
    assertThat(slotsOf("sch-walking-football")).hasSize(26).contains("slot-hy-3");
  }

  @Test
  void schedulesByActorFollowAddsMovesAndDeletions() {
    index.apply(DirectoryFixtures.all());
    assertThat(schedulesWithActor("Location/loc-brixton")).containsExactly("sch-hatha-yoga");
    assertThat(schedulesWithActor("HealthcareService/hs-walking-football")).containsExactly("sch-walking-football");

    index.apply(
        new ResourceChanges(
            List.of(
                DirectoryFixtures.schedule("sch-hatha-yoga", "hs-hatha-yoga", "loc-camden", DirectoryFixtures.HATHA_YOGA),
                DirectoryFixtures.schedule("sch-a-swim", "hs-swim", "loc-camden", DirectoryFixtures.SWIMMING)),
            List.of()));
    assertThat(schedulesWithActor("Location/loc-brixton")).isEmpty();
    assertThat(schedulesWithActor("Location/loc-camden")).containsExactly("sch-a-swim", "sch-hatha-yoga");

    index.apply(new ResourceChanges(List.of(), List.of("Schedule/sch-hatha-yoga")));
    assertThat(schedulesWithActor("Location/loc-camden")).containsExactly("sch-a-swim");
    assertThat(schedulesWithActor("HealthcareService/hs-hatha-yoga")).isEmpty();
  }

  private List<String> schedulesWithActor(String reference) {
    return index.query(view -> view.scheduleIdsWithActor(reference));
  }

  @Test
  void readsAreCopiesSoCallersCannotCorruptTheIndex() {
    index.apply(DirectoryFixtures.all());

    index.read("HealthcareService", "hs-swim").setId("changed");
    ((HealthcareService) index.read("HealthcareService", "hs-swim")).setName("changed");

    assertThat(((HealthcareService) index.read("HealthcareService", "hs-swim")).getName())
        .isEqualTo("Café Swim Club");
  }

  @Test
  void changeListenersRunOncePerBatchAndGenerationMoves() {
    AtomicInteger calls = new AtomicInteger();
    index.addChangeListener(calls::incrementAndGet);
    long before = index.generation();

    index.apply(DirectoryFixtures.all());
    index.apply(new ResourceChanges(List.of(), List.of()));

    assertThat(calls).hasValue(1);
    assertThat(index.generation()).isEqualTo(before + 1);
  }

  @Test
  void remembersTheStoreVersionEvenOfABatchThatChangedNothing() {
    AtomicInteger calls = new AtomicInteger();
    index.addChangeListener(calls::incrementAndGet);
    assertThat(index.storeVersion()).isEqualTo(ResourceChanges.NO_VERSION);

    index.apply(DirectoryFixtures.all());
    assertThat(index.storeVersion()).isEqualTo(ResourceChanges.NO_VERSION);
    ResourceChanges all = DirectoryFixtures.all();
    index.apply(new ResourceChanges(all.upserts(), List.of(), 7));
    assertThat(index.storeVersion()).isEqualTo(7);
    long generation = index.generation();
    index.apply(new ResourceChanges(List.of(), List.of(), 8));

    assertThat(index.storeVersion()).isEqualTo(8);
    assertThat(index.generation()).isEqualTo(generation);
    assertThat(calls).hasValue(2);
  }

  @Test
  void extractsServiceKeys() {
    index.apply(DirectoryFixtures.all());

    ServiceKeys keys = index.query(v -> v.service("hs-hatha-yoga").keys());

    assertThat(keys.nameKey()).isEqualTo("hatha yoga for women");
    assertThat(keys.typeCodes()).containsExactly(DirectoryFixtures.HATHA_YOGA);
    assertThat(keys.typeTextKeys()).containsExactly("hatha yoga");
    assertThat(keys.locationIds()).containsExactly("loc-brixton");
    assertThat(keys.organizationId()).isEqualTo("org-lambeth");
    assertThat(keys.ageLow()).isEqualTo(18);
    assertThat(keys.ageHigh()).isEqualTo(-1);
    assertThat(keys.gender()).isEqualTo("FemaleOnly");
    assertThat(keys.times()).containsExactly(new AvailableTime(1 << 2, 18 * 60 + 30, 19 * 60 + 30));
    assertThat(keys.prices()).containsExactly(0.0, 5.5);
  }

  @Test
  void codecRoundTripsAndCompresses() {
    ResourceCodec codec = new ResourceCodec(FhirContext.forR4Cached());
    Slot slot =
        DirectoryFixtures.slot("slot-x", "sch-hatha-yoga", DirectoryFixtures.HATHA_YOGA,
            Instant.parse("2026-01-07T18:30:00Z"), Slot.SlotStatus.FREE);
    String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(slot);

    byte[] body = codec.encode(slot);

    assertThat(codec.json(body)).isEqualTo(json);
    assertThat(body.length).isLessThan(json.length() / 2);
  }

  private Set<String> slotsOf(String scheduleId) {
    return index.query(v -> Set.copyOf(v.slotIdsOfSchedule(scheduleId)));
  }
}
