package dev.activityfhir.server.fhir.index;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves an {@link IndexSnapshot} to a file and loads it back, so that a restart can restore the index instead of
 * indexing every resource again.
 *
 * <p>Format: a header of magic number ({@code "AFIX"}), format version (int), the checksum of the deflate
 * dictionaries the resource bodies were encoded with (int, see {@link DeflateDictionaries#checksum()}) and store
 * version (long); the content (see {@link SnapshotWriter}); then the CRC32 of everything before it (int). All
 * numbers big-endian. The file is written under a temporary name in the same directory, synced, and then moved
 * over the real name, so a crash mid-write never leaves a half-written snapshot behind.
 */
public final class IndexSnapshotFile {

  static final int MAGIC = 0x41464958; // "AFIX": activity-fhir index
  static final int FORMAT_VERSION = 2;

  private static final Logger LOG = LoggerFactory.getLogger(IndexSnapshotFile.class);
  private static final int HEADER_BYTES = 4 + 4 + 4 + 8;
  private static final int CHECKSUM_BYTES = 4;
  private static final int BUFFER_BYTES = 1 << 16;

  private IndexSnapshotFile() {}

  /** Writes a snapshot to {@code path}, replacing any file there only once the new one is complete. */
  public static void write(IndexSnapshot snapshot, Path path) throws IOException {
    Path target = path.toAbsolutePath();
    Path directory = target.getParent();
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        CheckedOutputStream checked = new CheckedOutputStream(Channels.newOutputStream(channel), new CRC32());
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(checked, BUFFER_BYTES));
        out.writeInt(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeInt(DeflateDictionaries.BUNDLED.checksum());
        out.writeLong(snapshot.storeVersion());
        new SnapshotWriter(out).write(snapshot);
        out.flush();
        out.writeInt((int) checked.getChecksum().getValue());
        out.flush();
        channel.force(true);
      }
      moveIntoPlace(temporary, target);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Reads the snapshot at {@code path}; empty (after logging why) when there is none or it cannot be trusted:
   * another magic number or format version, bodies encoded with other deflate dictionaries, truncated, or a
   * checksum mismatch. The caller then indexes the slow way.
   */
  public static Optional<IndexSnapshot> read(Path path) {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < HEADER_BYTES + CHECKSUM_BYTES) {
        return rejected(path, "it is truncated (" + size + " bytes)");
      }
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      readFully(channel, header, 0);
      int magic = header.getInt(0);
      int formatVersion = header.getInt(4);
      int dictionaries = header.getInt(8);
      if (magic != MAGIC) {
        return rejected(path, "it is not an index snapshot");
      }
      if (formatVersion != FORMAT_VERSION) {
        return rejected(path, "it has format version " + formatVersion + ", not " + FORMAT_VERSION);
      }
      if (dictionaries != DeflateDictionaries.BUNDLED.checksum()) {
        // Its bodies would inflate to garbage with this build's dictionaries.
        return rejected(
            path,
            String.format(
                "its resources were compressed with other deflate dictionaries (checksum %08x, not %08x)",
                dictionaries, DeflateDictionaries.BUNDLED.checksum()));
      }
      // Check the whole content before decoding any of it, so that no corrupt count or length is ever acted on.
      long contentBytes = size - CHECKSUM_BYTES;
      ByteBuffer checksum = ByteBuffer.allocate(CHECKSUM_BYTES);
      readFully(channel, checksum, contentBytes);
      if (checksum.getInt(0) != crc32(channel, contentBytes)) {
        return rejected(path, "it is truncated or corrupt (checksum mismatch)");
      }
      channel.position(HEADER_BYTES);
      SnapshotInput in = new SnapshotInput(channel, contentBytes - HEADER_BYTES, BUFFER_BYTES);
      return Optional.of(new SnapshotReader(in).read(header.getLong(12)));
    } catch (NoSuchFileException e) {
      LOG.info("No index snapshot at {}", path);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return rejected(path, "it cannot be read: " + e);
    }
  }

  private static Optional<IndexSnapshot> rejected(Path path, String why) {
    LOG.warn("Ignoring the index snapshot {}: {}", path, why);
    return Optional.empty();
  }

  private static void moveIntoPlace(Path temporary, Path target) throws IOException {
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static int crc32(FileChannel channel, long length) throws IOException {
    CRC32 crc = new CRC32();
    ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES * 16);
    long position = 0;
    while (position < length) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), length - position));
      readFully(channel, buffer, position);
      position += buffer.position();
      crc.update(buffer.flip());
    }
    return (int) crc.getValue();
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new IOException("Unexpected end of file");
      }
      at += n;
    }
  }
}
