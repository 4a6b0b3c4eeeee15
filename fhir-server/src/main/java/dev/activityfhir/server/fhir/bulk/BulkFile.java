package dev.activityfhir.server.fhir.bulk;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The NDJSON files of a bulk publication, one per resource type, in the manifest's order. */
enum BulkFile {
  LOCATION("Location"),
  SCHEDULE("Schedule"),
  SLOT("Slot");

  static final List<BulkFile> ALL = List.of(values());

  private final String type;

  BulkFile(String type) {
    this.type = type;
  }

  /** The FHIR resource type the file lists. */
  String type() {
    return type;
  }

  /** The file's name under {@code $bulk-publish/}, e.g. {@code Slot.ndjson}. */
  String fileName() {
    return type + ".ndjson";
  }

  /** The file named {@code name} ({@code Slot.ndjson}), if any. */
  static Optional<BulkFile> named(String name) {
    for (BulkFile file : ALL) {
      if (file.fileName().equals(name)) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
