package dev.activityfhir.server.fhir.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import ca.uhn.fhir.context.FhirContext;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.activityfhir.server.directory.ResourceChanges;
import dev.activityfhir.server.fhir.DirectoryFixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

class IndexSnapshotFileTest {

  @TempDir Path directory;

  private final ResourceIndex index = new ResourceIndex(FhirContext.forR4Cached());
  private Path file;

  @BeforeEach
  void writeASnapshot() throws IOException {
    index.apply(new ResourceChanges(DirectoryFixtures.all().upserts(), List.of(), 7));
    file = directory.resolve("index.snapshot");
    IndexSnapshotFile.write(index.snapshot(), file);
  }

  @Test
  void readsBackWhatWasWritten() {
    IndexSnapshot read = IndexSnapshotFile.read(file).orElseThrow();

    assertThat(read.storeVersion()).isEqualTo(7);
    assertThat(read.liveCount()).isEqualTo(42);
    assertThat(read.slots()).hasSize(28);
  }

  @Test
  void aMissingFileReadsAsEmpty() {
    assertThat(IndexSnapshotFile.read(directory.resolve("absent.snapshot"))).isEmpty();
  }

  static Stream<Arguments> damages() {
    return Stream.of(
        Arguments.of("truncated", (UnaryOperator<byte[]>) bytes -> Arrays.copyOf(bytes, bytes.length - 100)),
        Arguments.of("shorter than a header", (UnaryOperator<byte[]>) bytes -> Arrays.copyOf(bytes, 10)),
        Arguments.of("one byte flipped", (UnaryOperator<byte[]>) bytes -> flip(bytes, bytes.length / 2)),
        Arguments.of("another magic number", (UnaryOperator<byte[]>) bytes -> putInt(bytes, 0, 0x504b0304)),
        Arguments.of(
            "another format version",
            (UnaryOperator<byte[]>) bytes -> putInt(bytes, 4, IndexSnapshotFile.FORMAT_VERSION + 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void aDamagedFileReadsAsEmpty(String damage, UnaryOperator<byte[]> change) throws IOException {
    Files.write(file, change.apply(Files.readAllBytes(file)));

    assertThat(IndexSnapshotFile.read(file)).isEmpty();
  }

  @Test
  void aFileFromAnotherDictionarySetIsRejectedSayingSo() throws IOException {
    // A well-formed file whose only difference is the dictionary checksum, as an earlier build would write it.
    byte[] bytes = putInt(Files.readAllBytes(file), 8, 0x0BADD1C7);
    Files.write(file, withFileChecksum(bytes));
    Logger logger = (Logger) LoggerFactory.getLogger(IndexSnapshotFile.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      assertThat(IndexSnapshotFile.read(file)).isEmpty();
    } finally {
      logger.detachAppender(log);
    }

    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "Ignoring the index snapshot "
                + file
                + ": its resources were compressed with other deflate dictionaries (checksum 0badd1c7, not "
                + String.format("%08x", DeflateDictionaries.BUNDLED.checksum())
                + ")");
  }

  @Test
  void theHeaderCarriesTheFormatVersionAndTheDictionaryChecksum() throws IOException {
    ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(file));

    assertThat(header.getInt(0)).isEqualTo(0x41464958);
    assertThat(header.getInt(4)).isEqualTo(2);
    assertThat(header.getInt(8)).isEqualTo(DeflateDictionaries.BUNDLED.checksum());
    assertThat(header.getLong(12)).isEqualTo(7);
  }

  @Test
  void writingAgainReplacesTheFileAndLeavesNothingElse() throws IOException {
    index.apply(new ResourceChanges(List.of(), List.of("Slot/slot-hy-1"), 8));

    IndexSnapshotFile.write(index.snapshot(), file);

    IndexSnapshot read = IndexSnapshotFile.read(file).orElseThrow();
    assertThat(read.storeVersion()).isEqualTo(8);
    assertThat(read.slots()).hasSize(27);
    assertThat(read.withdrawn()).containsExactly(entry("Slot/slot-hy-1", 1));
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void anEmptyIndexRoundTrips() throws IOException {
    Path empty = directory.resolve("sub/empty.snapshot");

    IndexSnapshotFile.write(new ResourceIndex(FhirContext.forR4Cached()).snapshot(), empty);

    IndexSnapshot read = IndexSnapshotFile.read(empty).orElseThrow();
    assertThat(read.liveCount()).isZero();
    assertThat(read.withdrawn()).isEmpty();
    assertThat(read.storeVersion()).isEqualTo(ResourceChanges.NO_VERSION);
  }

  private static byte[] flip(byte[] bytes, int at) {
    bytes[at] ^= 0x01;
    return bytes;
  }

  /** The bytes with their last four replaced by the CRC32 of the others, as {@link IndexSnapshotFile} writes. */
  private static byte[] withFileChecksum(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    return putInt(bytes, bytes.length - 4, (int) crc.getValue());
  }

  private static byte[] putInt(byte[] bytes, int at, int value) {
    ByteBuffer.wrap(bytes).putInt(at, value);
    return bytes;
  }
}
