package dev.activityfhir.server.fhir.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The preset deflate dictionaries of {@link ResourceCodec}: one per resource type the index holds, made from a
 * real resource of that type, and a generic one for any other type. Each is known by a one-byte id that leads
 * every encoded body.
 *
 * <p>The files live in {@code dictionaries/} beside this class (its README says how they were made). A body can
 * only be decoded with the dictionary it was encoded with, so {@link #checksum()} goes into the header of {@link
 * IndexSnapshotFile}: changing, adding or reordering a dictionary makes existing snapshots be ignored.
 */
final class DeflateDictionaries {

  // An id is a position in this list; a file named after a resource type serves that type.
  private static final List<String> FILES =
      List.of(
          "generic.txt",
          "Slot.json",
          "Schedule.json",
          "HealthcareService.json",
          "Location.json",
          "Organization.json");
  private static final int GENERIC = 0;

  /** The dictionaries bundled with the server. */
  static final DeflateDictionaries BUNDLED = load();

  private final byte[][] dictionaries;
  private final Map<String, Integer> idsByType;
  private final int checksum;

  private DeflateDictionaries(byte[][] dictionaries, Map<String, Integer> idsByType) {
    this.dictionaries = dictionaries;
    this.idsByType = Map.copyOf(idsByType);
    CRC32 crc = new CRC32();
    for (byte[] dictionary : dictionaries) {
      // The length keeps two sets that only move a boundary between neighbours apart.
      crc.update(ByteBuffer.allocate(4).putInt(0, dictionary.length));
      crc.update(dictionary);
    }
    this.checksum = (int) crc.getValue();
  }

  /** The id of the dictionary for resources of a type: its own, or the generic one. */
  int idFor(String resourceType) {
    return idsByType.getOrDefault(resourceType, GENERIC);
  }

  /**
   * The dictionary with an id, shared: never modify it.
   *
   * @throws IllegalStateException when there is no such dictionary (the body is corrupt)
   */
  byte[] dictionary(int id) {
    if (id < 0 || id >= dictionaries.length) {
      throw new IllegalStateException("Corrupt indexed resource: unknown dictionary id " + id);
    }
    return dictionaries[id];
  }

  /** The CRC32 of every dictionary (length and bytes) in id order: equal only for the same set. */
  int checksum() {
    return checksum;
  }

  private static DeflateDictionaries load() {
    byte[][] dictionaries = new byte[FILES.size()][];
    Map<String, Integer> idsByType = new HashMap<>();
    for (int id = 0; id < FILES.size(); id++) {
      String file = FILES.get(id);
      try (InputStream in = DeflateDictionaries.class.getResourceAsStream("dictionaries/" + file)) {
        if (in == null) {
          throw new IllegalStateException("Deflate dictionary " + file + " is missing from the classpath");
        }
        dictionaries[id] = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (id != GENERIC) {
        idsByType.put(file.substring(0, file.indexOf('.')), id);
      }
    }
    return new DeflateDictionaries(dictionaries, idsByType);
  }
}
