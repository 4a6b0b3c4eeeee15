package dev.activityfhir.server.fhir.index;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dev.activityfhir.server.collect.ByteBuilder;
import dev.activityfhir.server.directory.ResourceChanges;
import dev.activityfhir.server.fhir.DirectoryFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every resource the index serves names its type's profile in {@code meta.profile}, whether it is rendered (reads,
 * XML, {@code _summary}) or spliced from the stored JSON (JSON search pages), and the two give the same bytes.
 */
class DirectoryProfilesTest {

  private static final String SD = "https://activityfhir.dev/fhir/StructureDefinition/";
  private static final FhirContext FHIR = FhirContext.forR4Cached();

  private final ResourceIndex index = new ResourceIndex(FHIR);

  @ParameterizedTest
  @CsvSource({
    "HealthcareService, hs-swim, activity-healthcareservice",
    "Location, loc-peckham, activity-location",
  })
  void renderedAndSplicedResourcesNameTheirProfile(String type, String id, String profile) {
    index.apply(DirectoryFixtures.all());

    Resource rendered = index.read(type, id);

    assertThat(rendered.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(SD + profile);
    assertThat(spliced(type, id)).isEqualTo(FHIR.newJsonParser().encodeResourceToString(rendered));
    // Added as served, never stored: the index keeps the bytes it kept before.
    assertThat(new ResourceCodec(FHIR).json(index.query(v -> v.get(type, id)).body())).doesNotContain("profile");
  }

  @ParameterizedTest
  @CsvSource({
    "Organization, org-camden, activity-organization",
    "Schedule, sch-hatha-yoga, activity-schedule",
    "Slot, slot-hy-1, activity-slot",
  })
  void resourcesStoredWithoutLastUpdatedAreRenderedWithTheirProfile(String type, String id, String profile) {
    index.apply(DirectoryFixtures.all());

    ByteBuilder out = new ByteBuilder(64);
    assertThat(index.appendRenderedJson(type, index.query(v -> v.get(type, id)), out)).isFalse();
    assertThat(index.read(type, id).getMeta().getProfile())
        .extracting(p -> p.getValue())
        .containsExactly(SD + profile);
  }

  @Test
  void theProfileGoesAfterSourceAndBeforeTagsAsHapiWritesIt() {
    Slot slot =
        DirectoryFixtures.slot(
            "slot-tagged", "sch-hatha-yoga", DirectoryFixtures.HATHA_YOGA, Instant.parse("2026-01-07T18:30:00Z"),
            Slot.SlotStatus.FREE);
    slot.getMeta().setLastUpdated(Date.from(Instant.parse("2026-01-01T10:00:00Z")));
    slot.getMeta().setSource("https://example.org/feeds/\"odd\"\\path");
    slot.getMeta().addTag("https://example.org/tags", "generated", "Generated");
    index.apply(new ResourceChanges(List.of(slot), List.of()));

    String json = spliced("Slot", "slot-tagged");

    assertThat(json)
        .contains(
            "\"meta\":{\"versionId\":\"1\",\"lastUpdated\":\"2026-01-01T10:00:00.000+00:00\","
                + "\"source\":\"https://example.org/feeds/\\\"odd\\\"\\\\path\","
                + "\"profile\":[\"" + SD + "activity-slot\"],\"tag\":[");
    assertThat(json).isEqualTo(FHIR.newJsonParser().encodeResourceToString(index.read("Slot", "slot-tagged")));
  }

  @Test
  void aStoredProfileIsReplacedByRenderingNotSpliced() {
    Slot slot =
        DirectoryFixtures.slot(
            "slot-claimed", "sch-hatha-yoga", DirectoryFixtures.HATHA_YOGA, Instant.parse("2026-01-07T18:30:00Z"),
            Slot.SlotStatus.FREE);
    slot.getMeta().setLastUpdated(Date.from(Instant.parse("2026-01-01T10:00:00Z")));
    slot.getMeta().addProfile("https://example.org/StructureDefinition/other");
    index.apply(new ResourceChanges(List.of(slot), List.of()));

    ByteBuilder out = new ByteBuilder(64);
    boolean spliced = index.appendRenderedJson("Slot", index.query(v -> v.get("Slot", "slot-claimed")), out);

    assertThat(spliced).isFalse();
    assertThat(out.length()).isZero();
    assertThat(index.read("Slot", "slot-claimed").getMeta().getProfile())
        .extracting(p -> p.getValue())
        .containsExactly(SD + "activity-slot");
  }

  private String spliced(String type, String id) {
    ByteBuilder out = new ByteBuilder(1024);
    assertThat(index.appendRenderedJson(type, index.query(v -> v.get(type, id)), out)).isTrue();
    return new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
  }
}
