package dev.activityfhir.server;

import dev.activityfhir.server.directory.ResourceChanges;
import dev.activityfhir.server.fhir.index.IndexSnapshot;
import dev.activityfhir.server.fhir.index.IndexSnapshotFile;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a snapshot of the published resources under {@code DATA_DIR/snapshots}, so that a restart serves the
 * stored data at once instead of mapping every stored item again.
 *
 * <p>The snapshot is a cache, never the durable copy: it is named after the store's identity and records the
 * store version it shows, and it is used only when the store still has exactly that version (anything else, or a
 * damaged file, means the slow path: re-mapping the store). It is written every few minutes while the store
 * changes and when the server stops. If publishing a stored page ever fails, the index no longer follows the
 * store: the snapshot is then deleted and no more are written until the next start.
 */
final class IndexSnapshots implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IndexSnapshots.class);
  /** Names of snapshot files: {@code index-<store id>.bin}. */
  private static final String FILES = "index-*.bin";

  private final Path directory;
  private final ResourceIndex index;
  private final String storeId;
  private final Duration writeInterval;
  private final LongSupplier storedVersion;
  private CompletableFuture<Optional<ReadAhead>> readAhead;
  private @Nullable ScheduledExecutorService writer;
  private long writtenVersion = ResourceChanges.NO_VERSION;
  private volatile boolean invalid;

  /**
   * @param directory where snapshot files live (created when first written)
   * @param storeId the identity of the store the index follows ({@code HarvestStore#storeId()})
   * @param readAhead a read of the newest snapshot file started earlier (see {@link #readAhead(Path)}), used
   *     when it is this store's file
   * @param writeInterval how often a snapshot is written while the index changes
   * @param storedVersion reads the store's committed version ({@code HarvestStore#version()}): a snapshot is
   *     never written for a version the store does not hold
   */
  IndexSnapshots(
      Path directory,
      ResourceIndex index,
      String storeId,
      CompletableFuture<Optional<ReadAhead>> readAhead,
      Duration writeInterval,
      LongSupplier storedVersion) {
    this.directory = directory;
    this.index = index;
    this.storeId = storeId;
    this.readAhead = readAhead;
    this.writeInterval = writeInterval;
    this.storedVersion = storedVersion;
  }

  /** As above, written every two minutes, trusting the index's version (for tests). */
  IndexSnapshots(
      Path directory,
      ResourceIndex index,
      String storeId,
      CompletableFuture<Optional<ReadAhead>> readAhead) {
    this(directory, index, storeId, readAhead, Duration.ofMinutes(2), () -> Long.MAX_VALUE);
  }

  /** As above, without a read-ahead. */
  IndexSnapshots(Path directory, ResourceIndex index, String storeId) {
    this(
        directory,
        index,
        storeId,
        CompletableFuture.completedFuture(Optional.empty()),
        Duration.ofMinutes(2),
        () -> Long.MAX_VALUE);
  }

  /**
   * Starts reading the newest snapshot in {@code directory} on another thread, before the store (and so the
   * snapshot's name) is known: decoding takes seconds that can overlap opening the database.
   */
  static CompletableFuture<Optional<ReadAhead>> readAhead(Path directory) {
    CompletableFuture<Optional<ReadAhead>> future = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                Optional<Path> newest = newestSnapshot(directory);
                future.complete(
                    newest.flatMap(
                        file -> IndexSnapshotFile.read(file).map(snapshot -> new ReadAhead(file, snapshot))));
              } catch (IOException | RuntimeException e) {
                log.warn("Reading the snapshot ahead failed; it will be read when needed", e);
                future.complete(Optional.empty());
              }
            },
            "snapshot-read-ahead");
    reader.setDaemon(true);
    reader.start();
    return future;
  }

  private static Optional<Path> newestSnapshot(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    Optional<Path> newest = Optional.empty();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, FILES)) {
      for (Path file : files) {
        if (newest.isEmpty() || modified(file).compareTo(modified(newest.get())) > 0) {
          newest = Optional.of(file);
        }
      }
    }
    return newest;
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /** A snapshot file and what it decoded to. */
  record ReadAhead(Path file, IndexSnapshot snapshot) {}

  /**
   * Restores the (empty) index from the snapshot when there is one of exactly {@code storeVersion}.
   *
   * @return whether the index now shows the stored data
   */
  synchronized boolean restoreIfCurrent(long storeVersion) {
    Optional<ReadAhead> early = readAhead.join();
    readAhead = CompletableFuture.completedFuture(Optional.empty()); // used once; do not keep it alive
    Optional<IndexSnapshot> snapshot =
        early.isPresent() && early.get().file().equals(file())
            ? Optional.of(early.get().snapshot())
            : IndexSnapshotFile.read(file());
    if (snapshot.isEmpty()) {
      return false;
    }
    if (snapshot.get().storeVersion() != storeVersion) {
      log.info(
          "Ignoring the snapshot of store version {}: the store is at version {}",
          snapshot.get().storeVersion(),
          storeVersion);
      return false;
    }
    index.restore(snapshot.get());
    writtenVersion = storeVersion;
    return true;
  }

  /** Starts writing a snapshot every few minutes while the index changes. */
  synchronized void startWriting() {
    if (writer != null) {
      return;
    }
    writer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "index-snapshots");
              thread.setDaemon(true);
              return thread;
            });
    long period = writeInterval.toMillis();
    writer.scheduleWithFixedDelay(this::writeQuietly, period, period, TimeUnit.MILLISECONDS);
  }

  /** Writes a snapshot when the index shows a store version not written yet. */
  synchronized void writeIfChanged() {
    if (invalid) {
      return;
    }
    IndexSnapshot snapshot = index.snapshot();
    long version = snapshot.storeVersion();
    if (version == ResourceChanges.NO_VERSION || version == writtenVersion) {
      return;
    }
    long stored = storedVersion.getAsLong();
    if (version > stored) {
      // The index shows pages the store does not hold (it cannot, with commits written before they return; an
      // H2 database opened with a write delay could): a snapshot of it would be restored over older data.
      log.warn("Not writing a snapshot of store version {}: the store holds version {}", version, stored);
      return;
    }
    long began = System.nanoTime();
    try {
      Files.createDirectories(directory);
      IndexSnapshotFile.write(snapshot, file());
      deleteOthers();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writtenVersion = version;
    log.info(
        "Snapshot of store version {} written in {} ms",
        version,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
  }

  /** The index stopped following the store: forget the snapshot (until the next start re-maps the store). */
  void invalidate() {
    invalid = true;
    try {
      Files.deleteIfExists(file());
    } catch (IOException e) {
      log.warn("Cannot delete the snapshot {}", file(), e);
    }
  }

  /** Stops the periodic writer and writes a last snapshot. */
  @Override
  public void close() {
    ScheduledExecutorService running;
    synchronized (this) {
      running = writer;
      writer = null;
    }
    if (running != null) {
      running.shutdown(); // not shutdownNow: interrupting a write would close its file channel
      try {
        running.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    writeQuietly();
  }

  private void writeQuietly() {
    try {
      writeIfChanged();
    } catch (RuntimeException e) {
      log.warn("Writing the snapshot failed; the next start may re-map the store", e);
    }
  }

  private Path file() {
    return directory.resolve(FILES.replace("*", storeId));
  }

  /** Snapshots of other stores (an earlier database in the same DATA_DIR) are of no further use. */
  private void deleteOthers() throws IOException {
    Path own = file();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, FILES)) {
      for (Path other : files) {
        if (!other.equals(own)) {
          Files.deleteIfExists(other);
        }
      }
    }
  }
}
