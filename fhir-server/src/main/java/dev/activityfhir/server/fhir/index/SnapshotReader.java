package dev.activityfhir.server.fhir.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes what {@link SnapshotWriter} encoded. Each distinct key string is created once and shared by every
 * entry that uses it, as {@link SearchKeyExtractor} shares them, so a restored index is as small as a freshly
 * built one. Entries get seqs 1, 2, 3... in the order they are read.
 */
final class SnapshotReader {

  @FunctionalInterface
  private interface KeysReader<K> {
    K read() throws IOException;
  }

  private final SnapshotInput in;
  private final List<String> table = new ArrayList<>();
  /** Slots' token lists, shared by content as {@link SearchKeyExtractor} shares them. */
  private final Map<List<String>, List<String>> slotTokenLists = new HashMap<>();
  private byte[] scratch = new byte[256];
  private long seq;

  SnapshotReader(SnapshotInput in) {
    this.in = in;
  }

  /** Reads the entries of each type and the withdrawn versions; the caller supplies the store version. */
  IndexSnapshot read(long storeVersion) throws IOException {
    List<Indexed<ServiceKeys>> services = readEntries(this::readServiceKeys);
    List<Indexed<LocationKeys>> locations = readEntries(this::readLocationKeys);
    List<Indexed<ScheduleKeys>> schedules = readEntries(this::readScheduleKeys);
    List<Indexed<OrganizationKeys>> organizations = readEntries(() -> new OrganizationKeys(readSharedNonNull()));
    List<Indexed<SlotKeys>> slots = readEntries(this::readSlotKeys);
    int withdrawnCount = readVarInt();
    Map<String, Integer> withdrawn = new LinkedHashMap<>();
    for (int i = 0; i < withdrawnCount; i++) {
      withdrawn.put(readText(), readVarInt());
    }
    return new IndexSnapshot(services, locations, schedules, organizations, slots, withdrawn, storeVersion);
  }

  private <K> List<Indexed<K>> readEntries(KeysReader<K> keysReader) throws IOException {
    int count = readVarInt();
    List<Indexed<K>> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String id = readText();
      int version = readVarInt();
      long seconds = in.readLong();
      long lastUpdated = seconds * 1000L + readVarInt() / 1_000_000;
      byte[] body = new byte[readVarInt()];
      in.readFully(body, 0, body.length);
      entries.add(new Indexed<>(id, version, lastUpdated, ++seq, body, keysReader.read()));
    }
    return entries;
  }

  private ServiceKeys readServiceKeys() throws IOException {
    String nameKey = readSharedNonNull();
    List<String> typeCodes = readSharedList();
    List<String> typeTokens = readSharedList();
    List<String> typeTextKeys = readSharedList();
    List<String> locationIds = readSharedList();
    String organizationId = readShared();
    boolean active = in.readBoolean();
    List<String> characteristics = readSharedList();
    int ageLow = in.readInt();
    int ageHigh = in.readInt();
    String gender = readShared();
    AvailableTime[] times = new AvailableTime[readVarInt()];
    for (int i = 0; i < times.length; i++) {
      times[i] = new AvailableTime(in.readInt(), in.readInt(), in.readInt());
    }
    double[] prices = new double[readVarInt()];
    for (int i = 0; i < prices.length; i++) {
      prices[i] = readDouble();
    }
    return new ServiceKeys(
        nameKey,
        typeCodes,
        typeTokens,
        typeTextKeys,
        locationIds,
        organizationId,
        active,
        characteristics,
        ageLow,
        ageHigh,
        gender,
        List.of(times),
        prices);
  }

  private LocationKeys readLocationKeys() throws IOException {
    return new LocationKeys(readSharedNonNull(), readSharedNonNull(), readDouble(), readDouble());
  }

  private ScheduleKeys readScheduleKeys() throws IOException {
    return new ScheduleKeys(readSharedList(), readSharedList(), readSharedList(), in.readBoolean());
  }

  private SlotKeys readSlotKeys() throws IOException {
    return new SlotKeys(
        readShared(),
        in.readLong(),
        in.readLong(),
        readShared(),
        slotTokenLists.computeIfAbsent(readSharedList(), tokens -> tokens));
  }

  private List<String> readSharedList() throws IOException {
    int size = readVarInt();
    if (size == 0) {
      return List.of();
    }
    String[] values = new String[size];
    for (int i = 0; i < size; i++) {
      values[i] = readSharedNonNull();
    }
    return List.of(values);
  }

  private String readSharedNonNull() throws IOException {
    String value = readShared();
    if (value == null) {
      throw new IOException("A required string is missing");
    }
    return value;
  }

  private @Nullable String readShared() throws IOException {
    int ref = readVarInt();
    if (ref == SnapshotWriter.NULL_REF) {
      return null;
    }
    if (ref == SnapshotWriter.INLINE_REF) {
      String value = readText();
      table.add(value);
      return value;
    }
    if (ref - 2 >= table.size()) {
      throw new IOException("String reference " + ref + " ahead of the table");
    }
    return table.get(ref - 2);
  }

  private String readText() throws IOException {
    int length = readVarInt();
    if (length > scratch.length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    in.readFully(scratch, 0, length);
    return new String(scratch, 0, length, StandardCharsets.UTF_8);
  }

  private double readDouble() throws IOException {
    return Double.longBitsToDouble(in.readLong());
  }

  private int readVarInt() throws IOException {
    int value = 0;
    for (int shift = 0; shift < 32; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (value < 0) {
          break;
        }
        return value;
      }
    }
    throw new IOException("Malformed count or length");
  }
}
