package dev.activityfhir.server.fhir.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import dev.activityfhir.server.directory.ResourceChanges;
import dev.activityfhir.server.fhir.DirectoryFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ResourceIndex#snapshot()} written by {@link IndexSnapshotFile}, read back and restored. */
class ResourceIndexSnapshotTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  @TempDir Path directory;

  private final ResourceIndex original = new ResourceIndex(FHIR);

  @BeforeEach
  void fillTheOriginal() {
    original.apply(DirectoryFixtures.all());
    // Keys with every optional part absent: null schedule, status, organization and gender, no start or end
    // (Long.MIN_VALUE), empty lists and prices.
    Slot bareSlot = new Slot();
    bareSlot.setId("slot-bare");
    HealthcareService bareService = new HealthcareService();
    bareService.setId("hs-bare");
    bareService.setName("Bare");
    // A second version, and a slot moved to the end of another schedule's slots.
    Location renamed =
        DirectoryFixtures.location("loc-peckham", "Peckham Pulse Leisure", "SE15 5BN", 51.474, -0.069);
    Slot moved =
        DirectoryFixtures.slot("slot-wf-03", "sch-hatha-yoga", DirectoryFixtures.HATHA_YOGA,
            Instant.parse("2026-01-28T18:30:00Z"), Slot.SlotStatus.FREE);
    original.apply(
        new ResourceChanges(
            List.of(bareSlot, bareService, renamed, moved),
            List.of("Slot/slot-hy-1", "HealthcareService/hs-swim"),
            42));
  }

  @Test
  void restoredIndexHoldsTheSameEntries() throws IOException {
    ResourceIndex restored = restoredThroughAFile();

    for (String type : ResourceIndex.TYPES) {
      Map<String, Indexed<?>> expected = entries(original, type);
      Map<String, Indexed<?>> actual = entries(restored, type);
      assertThat(actual.keySet()).as(type).isEqualTo(expected.keySet());
      expected.forEach((id, entry) -> assertSameEntry(actual.get(id), entry));
    }
    assertThat(entries(restored, "Slot")).hasSize(28);
    assertThat(entries(restored, "Location").get("loc-peckham").version()).isEqualTo(2);
    assertThat(entries(restored, "Location").get("loc-nowhere").keys())
        .isEqualTo(new LocationKeys("mobile coach", "E16AN", Double.NaN, Double.NaN));
    assertThat(entries(restored, "Slot").get("slot-bare").keys())
        .isEqualTo(new SlotKeys(null, Long.MIN_VALUE, Long.MIN_VALUE, null, List.of()));
    assertThat(restored.storeVersion()).isEqualTo(42);
  }

  @Test
  void restoredIndexAnswersQueriesLikeTheOriginal() throws IOException {
    ResourceIndex restored = restoredThroughAFile();

    for (String schedule : List.of("sch-walking-football", "sch-hatha-yoga")) {
      assertThat(slotsOf(restored, schedule)).isEqualTo(slotsOf(original, schedule));
    }
    assertThat(slotsOf(restored, "sch-hatha-yoga")).containsExactly("slot-hy-2", "slot-hy-3", "slot-wf-03");
    for (String location : List.of("loc-peckham", "loc-brixton", "loc-camden")) {
      assertThat(servicesAt(restored, location)).isEqualTo(servicesAt(original, location));
    }
    assertThat(servicesAt(restored, "loc-camden")).containsExactly("hs-closed-yoga");
    assertThat(freeSlotsStartingInJanuary(restored)).isEqualTo(freeSlotsStartingInJanuary(original)).isEqualTo(4);
    assertThat(json(restored.read("Location", "loc-peckham")))
        .isEqualTo(json(original.read("Location", "loc-peckham")))
        .contains("\"versionId\":\"2\"", "Peckham Pulse Leisure");
  }

  @Test
  void restoredIndexKnowsTheWithdrawnAndContinuesTheirVersions() throws IOException {
    ResourceIndex restored = restoredThroughAFile();

    assertThat(restored.presence("Slot", "slot-hy-1")).isEqualTo(ResourceIndex.Presence.DELETED);
    assertThat(restored.presence("HealthcareService", "hs-swim")).isEqualTo(ResourceIndex.Presence.DELETED);
    assertThat(restored.presence("Slot", "slot-never")).isEqualTo(ResourceIndex.Presence.UNKNOWN);
    Slot back =
        DirectoryFixtures.slot("slot-hy-1", "sch-hatha-yoga", DirectoryFixtures.HATHA_YOGA,
            Instant.parse("2026-01-07T18:30:00Z"), Slot.SlotStatus.BUSY);
    restored.apply(new ResourceChanges(List.of(back), List.of()));
    assertThat(restored.read("Slot", "slot-hy-1").getMeta().getVersionId()).isEqualTo("2");
  }

  @Test
  void resourcesIndexedAfterARestoreNeverTakeTheCacheKeyOfARestoredOne() throws IOException {
    ResourceIndex restored = restoredThroughAFile();
    for (String type : ResourceIndex.TYPES) {
      entries(restored, type).keySet().forEach(id -> restored.read(type, id));
    }

    restored.apply(
        new ResourceChanges(
            List.of(DirectoryFixtures.location("loc-new", "New Centre", "SE1 1AA", null, null)), List.of()));

    assertThat(((Location) restored.read("Location", "loc-new")).getName()).isEqualTo("New Centre");
    assertThat(((Location) restored.read("Location", "loc-peckham")).getName())
        .isEqualTo("Peckham Pulse Leisure");
  }

  @Test
  void restoredKeysShareTheirRepeatedStrings() throws IOException {
    ResourceIndex restored = restoredThroughAFile();

    SlotKeys first = restored.query(v -> v.slot("slot-wf-00").keys());
    SlotKeys last = restored.query(v -> v.slot("slot-wf-24").keys());

    assertThat(last.scheduleId()).isEqualTo("sch-walking-football").isSameAs(first.scheduleId());
    assertThat(last.status()).isSameAs(first.status());
    assertThat(last.serviceTypeTokens().get(0)).isSameAs(first.serviceTypeTokens().get(0));
    assertThat(last.serviceTypeTokens())
        .containsExactly("https://openactive.io/activity-list|" + DirectoryFixtures.WALKING_FOOTBALL)
        .isSameAs(first.serviceTypeTokens());
  }

  @Test
  void indexedSlotsOfOneServiceShareTheirTokenList() {
    SlotKeys first = original.query(v -> v.slot("slot-wf-00").keys());
    SlotKeys last = original.query(v -> v.slot("slot-wf-24").keys());

    assertThat(last.serviceTypeTokens()).isSameAs(first.serviceTypeTokens()).hasSize(1);
  }

  @Test
  void restoreRunsTheListenersOnceAndMovesTheGeneration() {
    ResourceIndex restored = new ResourceIndex(FHIR);
    AtomicInteger calls = new AtomicInteger();
    restored.addChangeListener(calls::incrementAndGet);
    long before = restored.generation();

    restored.restore(original.snapshot());

    assertThat(calls).hasValue(1);
    assertThat(restored.generation()).isEqualTo(before + 1);
    assertThat(restored.size("Slot")).isEqualTo(28);
  }

  @Test
  void restoreRefusesAnIndexThatHoldsAnything() {
    IndexSnapshot snapshot = original.snapshot();
    ResourceIndex withOneWithdrawn = new ResourceIndex(FHIR);
    withOneWithdrawn.apply(new ResourceChanges(List.of(new Slot().setId("s")), List.of()));
    withOneWithdrawn.apply(new ResourceChanges(List.of(), List.of("Slot/s")));

    assertThatThrownBy(() -> original.restore(snapshot)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> withOneWithdrawn.restore(snapshot)).isInstanceOf(IllegalStateException.class);
    assertThat(original.size("Slot")).isEqualTo(28);
  }

  private ResourceIndex restoredThroughAFile() throws IOException {
    Path file = directory.resolve("index.snapshot");
    IndexSnapshotFile.write(original.snapshot(), file);
    IndexSnapshot read = IndexSnapshotFile.read(file).orElseThrow();
    ResourceIndex restored = new ResourceIndex(FHIR);
    restored.restore(read);
    return restored;
  }

  private static void assertSameEntry(Indexed<?> actual, Indexed<?> expected) {
    assertThat(actual.id()).isEqualTo(expected.id());
    assertThat(actual.version()).as(expected.id()).isEqualTo(expected.version());
    assertThat(actual.lastUpdatedMillis()).as(expected.id()).isEqualTo(expected.lastUpdatedMillis());
    assertThat(actual.body()).as(expected.id()).isEqualTo(expected.body());
    // Field by field, as records holding arrays (ServiceKeys.prices) do not compare them by content in equals;
    // doubles exactly, NaN included (AssertJ's default allows a tolerance and finds NaN unequal to NaN).
    assertThat(actual.keys())
        .as(expected.id())
        .usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class)
        .isEqualTo(expected.keys());
  }

  private static Map<String, Indexed<?>> entries(ResourceIndex index, String type) {
    return index.query(v -> Map.<String, Indexed<?>>copyOf(v.map(type)));
  }

  private static List<String> slotsOf(ResourceIndex index, String scheduleId) {
    return index.query(v -> List.copyOf(v.slotIdsOfSchedule(scheduleId)));
  }

  private static List<String> servicesAt(ResourceIndex index, String locationId) {
    return index.query(v -> v.servicesAtLocation(locationId).stream().map(Indexed::id).toList());
  }

  private static long freeSlotsStartingInJanuary(ResourceIndex index) {
    long from = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    long to = Instant.parse("2026-02-01T00:00:00Z").toEpochMilli();
    return index.query(
        v ->
            v.slots().stream()
                .map(Indexed::keys)
                .filter(k -> "free".equals(k.status()) && k.startMillis() >= from && k.startMillis() < to)
                .count());
  }

  private static String json(org.hl7.fhir.r4.model.Resource resource) {
    return FHIR.newJsonParser().encodeResourceToString(resource);
  }
}
