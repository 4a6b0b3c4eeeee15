package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Maps OpenActive items to FHIR R4 resources. Pure: no I/O beyond the vocabularies given to the
 * constructor; every method depends only on its arguments, so the same item always maps to equal
 * resources with the same ids.
 */
public final class OpenActiveMapper {

  private final ActivityList activities;
  private final AccessibilitySupportList accessibility;
  private final ItemLinksReader linksReader = new ItemLinksReader();

  public OpenActiveMapper(ActivityList activities, AccessibilitySupportList accessibility) {
    this.activities = activities;
    this.accessibility = accessibility;
  }

  /** A mapper over the activity and accessibility lists bundled with this module. */
  public static OpenActiveMapper withBundledVocabularies() {
    return new OpenActiveMapper(ActivityList.bundled(), AccessibilitySupportList.bundled());
  }

  /** Classifies an item's {@code data} by its {@code @type} and reads its parent link. */
  public ItemLinks links(JsonNode data) {
    return linksReader.read(data);
  }
}
