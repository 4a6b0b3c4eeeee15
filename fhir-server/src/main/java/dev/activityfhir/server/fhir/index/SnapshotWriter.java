package dev.activityfhir.server.fhir.index;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Encodes the content of an {@link IndexSnapshot} (everything between the header and the checksum of {@link
 * IndexSnapshotFile}); {@link SnapshotReader} decodes it.
 *
 * <p>Counts, lengths and versions are unsigned varints. Ids are written as they are (each is unique); the strings
 * of the search keys repeat massively (schedule ids, service-type tokens, location ids) and go through a string
 * table: the first occurrence is written inline and later ones by number. Doubles are written by their raw bits
 * so that NaN and every other value come back exactly.
 */
final class SnapshotWriter {

  /** Reference of a null shared string. */
  static final int NULL_REF = 0;

  /** Reference announcing a shared string written inline; a reference {@code n > 1} is table entry n - 2. */
  static final int INLINE_REF = 1;

  @FunctionalInterface
  private interface KeysWriter<K> {
    void write(K keys) throws IOException;
  }

  private final DataOutputStream out;
  private final Map<String, Integer> table = new HashMap<>();

  SnapshotWriter(DataOutputStream out) {
    this.out = out;
  }

  /** Writes the entries of each type, then the withdrawn versions. */
  void write(IndexSnapshot snapshot) throws IOException {
    writeEntries(snapshot.services(), this::writeServiceKeys);
    writeEntries(snapshot.locations(), this::writeLocationKeys);
    writeEntries(snapshot.schedules(), this::writeScheduleKeys);
    writeEntries(snapshot.organizations(), keys -> writeShared(keys.nameKey()));
    writeEntries(snapshot.slots(), this::writeSlotKeys);
    writeVarInt(snapshot.withdrawn().size());
    for (Map.Entry<String, Integer> withdrawn : snapshot.withdrawn().entrySet()) {
      writeText(withdrawn.getKey());
      writeVarInt(withdrawn.getValue());
    }
  }

  private <K> void writeEntries(List<Indexed<K>> entries, KeysWriter<K> keysWriter) throws IOException {
    writeVarInt(entries.size());
    for (Indexed<K> entry : entries) {
      writeText(entry.id());
      writeVarInt(entry.version());
      // Seconds and nanoseconds, as an Instant is written.
      out.writeLong(Math.floorDiv(entry.lastUpdatedMillis(), 1000L));
      writeVarInt((int) Math.floorMod(entry.lastUpdatedMillis(), 1000L) * 1_000_000);
      writeVarInt(entry.body().length);
      out.write(entry.body());
      keysWriter.write(entry.keys());
    }
  }

  private void writeServiceKeys(ServiceKeys keys) throws IOException {
    writeShared(keys.nameKey());
    writeSharedList(keys.typeCodes());
    writeSharedList(keys.typeTokens());
    writeSharedList(keys.typeTextKeys());
    writeSharedList(keys.locationIds());
    writeShared(keys.organizationId());
    out.writeBoolean(keys.active());
    writeSharedList(keys.characteristics());
    out.writeInt(keys.ageLow());
    out.writeInt(keys.ageHigh());
    writeShared(keys.gender());
    writeVarInt(keys.times().size());
    for (AvailableTime time : keys.times()) {
      out.writeInt(time.dayMask());
      out.writeInt(time.startMinute());
      out.writeInt(time.endMinute());
    }
    writeVarInt(keys.prices().length);
    for (double price : keys.prices()) {
      writeDouble(price);
    }
  }

  private void writeLocationKeys(LocationKeys keys) throws IOException {
    writeShared(keys.nameKey());
    writeShared(keys.postalCode());
    writeDouble(keys.latitude());
    writeDouble(keys.longitude());
  }

  private void writeScheduleKeys(ScheduleKeys keys) throws IOException {
    writeSharedList(keys.actors());
    writeSharedList(keys.serviceTypeCodes());
    writeSharedList(keys.serviceTypeTokens());
    out.writeBoolean(keys.active());
  }

  private void writeSlotKeys(SlotKeys keys) throws IOException {
    writeShared(keys.scheduleId());
    out.writeLong(keys.startMillis());
    out.writeLong(keys.endMillis());
    writeShared(keys.status());
    writeSharedList(keys.serviceTypeTokens());
  }

  private void writeSharedList(List<String> values) throws IOException {
    writeVarInt(values.size());
    for (String value : values) {
      writeShared(value);
    }
  }

  private void writeShared(@Nullable String value) throws IOException {
    if (value == null) {
      writeVarInt(NULL_REF);
      return;
    }
    Integer number = table.putIfAbsent(value, table.size());
    if (number == null) {
      writeVarInt(INLINE_REF);
      writeText(value);
    } else {
      writeVarInt(number + 2);
    }
  }

  private void writeText(String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    writeVarInt(utf8.length);
    out.write(utf8);
  }

  private void writeDouble(double value) throws IOException {
    out.writeLong(Double.doubleToRawLongBits(value));
  }

  private void writeVarInt(int value) throws IOException {
    if (value < 0) {
      throw new IllegalArgumentException("Not an unsigned value: " + value);
    }
    int rest = value;
    while (rest > 0x7f) {
      out.write((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    out.write(rest);
  }
}
