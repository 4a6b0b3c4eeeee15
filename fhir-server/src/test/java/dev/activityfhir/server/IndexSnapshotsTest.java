package dev.activityfhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dev.activityfhir.server.directory.ResourceChanges;
import dev.activityfhir.server.fhir.DirectoryFixtures;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexSnapshotsTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final String STORE = "5f0c3a53-2f3e-4b8e-9d43-0d2f4b1c7a10";

  @TempDir Path dir;

  private static ResourceIndex indexAt(long storeVersion) {
    ResourceIndex index = new ResourceIndex(FHIR);
    index.apply(new ResourceChanges(DirectoryFixtures.all().upserts(), List.of(), storeVersion));
    return index;
  }

  private List<String> files() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void restoresOnlyASnapshotOfTheStoresCurrentVersion() throws Exception {
    ResourceIndex published = indexAt(5);
    new IndexSnapshots(dir, published, STORE).writeIfChanged();
    assertThat(files()).containsExactly("index-" + STORE + ".bin");

    ResourceIndex stale = new ResourceIndex(FHIR);
    assertThat(new IndexSnapshots(dir, stale, STORE).restoreIfCurrent(6)).isFalse();
    assertThat(stale.size("HealthcareService")).isZero();

    ResourceIndex otherStore = new ResourceIndex(FHIR);
    assertThat(new IndexSnapshots(dir, otherStore, "another-store").restoreIfCurrent(5)).isFalse();

    ResourceIndex current = new ResourceIndex(FHIR);
    assertThat(new IndexSnapshots(dir, current, STORE).restoreIfCurrent(5)).isTrue();
    assertThat(current.storeVersion()).isEqualTo(5);
    for (String type : ResourceIndex.TYPES) {
      assertThat(current.size(type)).as(type).isEqualTo(published.size(type)).isPositive();
    }
  }

  @Test
  void aSnapshotReadAheadIsUsedOnlyForItsOwnStore() throws Exception {
    new IndexSnapshots(dir, indexAt(5), STORE).writeIfChanged();
    var early = IndexSnapshots.readAhead(dir);
    assertThat(early.get()).isPresent();
    Files.delete(dir.resolve("index-" + STORE + ".bin")); // only the read-ahead copy is left

    ResourceIndex otherStore = new ResourceIndex(FHIR);
    assertThat(new IndexSnapshots(dir, otherStore, "another-store", early).restoreIfCurrent(5)).isFalse();
    ResourceIndex sameStore = new ResourceIndex(FHIR);
    assertThat(new IndexSnapshots(dir, sameStore, STORE, IndexSnapshots.readAhead(dir)).restoreIfCurrent(5))
        .isFalse(); // nothing left to read ahead
    ResourceIndex restored = new ResourceIndex(FHIR);
    assertThat(new IndexSnapshots(dir, restored, STORE, early).restoreIfCurrent(5)).isTrue();
    assertThat(restored.size("Slot")).isEqualTo(indexAt(5).size("Slot")).isPositive();
  }

  @Test
  void writesOnlyVersionedChangesAndReplacesOtherStoresSnapshots() throws Exception {
    Files.writeString(dir.resolve("index-old-store.bin"), "an earlier database's snapshot");
    ResourceIndex index = new ResourceIndex(FHIR);
    IndexSnapshots snapshots = new IndexSnapshots(dir, index, STORE);

    index.apply(DirectoryFixtures.all()); // not from the store: nothing to snapshot
    snapshots.writeIfChanged();
    assertThat(files()).containsExactly("index-old-store.bin");

    index.apply(new ResourceChanges(List.of(), List.of(), 3));
    snapshots.close(); // writes a last snapshot
    assertThat(files()).containsExactly("index-" + STORE + ".bin");
  }

  @Test
  void anIndexThatStoppedFollowingTheStoreIsNeverSnapshotAgain() throws Exception {
    ResourceIndex index = indexAt(5);
    IndexSnapshots snapshots = new IndexSnapshots(dir, index, STORE);
    snapshots.writeIfChanged();

    snapshots.invalidate();
    index.apply(new ResourceChanges(List.of(), List.of(), 6));
    snapshots.writeIfChanged();

    assertThat(files()).isEmpty();
  }

  @Test
  void neverWritesASnapshotOfAVersionTheStoreDoesNotHold() throws Exception {
    long[] stored = {4};
    IndexSnapshots snapshots =
        new IndexSnapshots(
            dir,
            indexAt(5),
            STORE,
            java.util.concurrent.CompletableFuture.completedFuture(java.util.Optional.empty()),
            java.time.Duration.ofMinutes(2),
            () -> stored[0]);

    snapshots.writeIfChanged();
    assertThat(files()).isEmpty();

    stored[0] = 5;
    snapshots.writeIfChanged();
    assertThat(files()).containsExactly("index-" + STORE + ".bin");
  }
}
