package dev.activityfhir.server.fhir.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.mapping.MappedParent;
import dev.activityfhir.mapping.OpenActiveItem;
import dev.activityfhir.mapping.OpenActiveMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Slot;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ResourceCodec} over resources mapped from real OpenActive examples (not the ones of the dictionaries). */
class ResourceCodecTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final OpenActiveMapper MAPPER = OpenActiveMapper.withBundledVocabularies();
  private static final Map<String, Integer> DICTIONARY_IDS =
      Map.of("Slot", 1, "Schedule", 2, "HealthcareService", 3, "Location", 4, "Organization", 5);

  private static final int CHECKSUM = 0x249b302d;

  private final ResourceCodec codec = new ResourceCodec(FHIR);

  static Stream<Arguments> mappedExamples() {
    return Stream.of("event_example_1.json", "courseinstance_example_1.json")
        .flatMap(
            example ->
                mapped(example).stream()
                    .map(resource -> Arguments.of(example + " " + resource.fhirType(), resource)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mappedExamples")
  void roundTripsEveryTypeWithItsOwnDictionary(String name, Resource resource) {
    String json = FHIR.newJsonParser().encodeResourceToString(resource);

    byte[] body = codec.encode(resource);

    assertThat(body[0]).isEqualTo(DICTIONARY_IDS.get(resource.fhirType()).byteValue());
    assertThat(codec.json(body)).isEqualTo(json);
    assertThat(FHIR.newJsonParser().encodeResourceToString(codec.decode(body))).isEqualTo(json);
    assertThat(body.length)
        .isLessThan(deflated(json, null))
        .isLessThan(deflated(json, DeflateDictionaries.BUNDLED.dictionary(0)));
  }

  @Test
  void theSlotDictionaryHalvesASlotBeyondPlainDeflate() {
    Slot slot = (Slot) mapped("event_example_1.json").stream().filter(r -> r instanceof Slot).findFirst().get();
    String json = FHIR.newJsonParser().encodeResourceToString(slot);
    int plain = deflated(json, null);
    int generic = deflated(json, DeflateDictionaries.BUNDLED.dictionary(0));

    byte[] body = codec.encode(slot);

    // About 53 % of plain deflate and 91 % of the generic dictionary's size (zlib 1.2.13); 46 % and 86 % before
    // Slots carried their own offers, which the Slot dictionary predates.
    assertThat(body.length).isLessThan(plain * 11 / 20).isLessThan(generic * 19 / 20);
  }

  @Test
  void otherTypesUseTheGenericDictionary() {
    Patient patient = new Patient();
    patient.setId("p1");
    patient.addName().setFamily("Smith").addGiven("Ann");

    byte[] body = codec.encode(patient);

    assertThat(body[0]).isZero();
    assertThat(codec.json(body))
        .isEqualTo(
            "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"name\":[{\"family\":\"Smith\",\"given\":[\"Ann\"]}]}");
  }

  @Test
  void anUnknownDictionaryIdIsRejected() {
    byte[] body = codec.encode(mapped("event_example_1.json").get(0));
    body[0] = 42;

    assertThatThrownBy(() -> codec.json(body))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Corrupt indexed resource");
  }

  @Test
  void aTruncatedOrEmptyBodyIsRejected() {
    byte[] body = codec.encode(mapped("event_example_1.json").get(0));

    assertThatThrownBy(() -> codec.json(Arrays.copyOf(body, body.length / 2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Corrupt indexed resource");
    assertThatThrownBy(() -> codec.json(new byte[0]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Corrupt indexed resource");
  }

  @Test
  void theDictionariesAreTheBundledSet() {
    DeflateDictionaries dictionaries = DeflateDictionaries.BUNDLED;

    assertThat(
            Stream.of("Slot", "Schedule", "HealthcareService", "Location", "Organization", "Patient")
                .map(dictionaries::idFor))
        .containsExactly(1, 2, 3, 4, 5, 0);
    assertThat(dictionaries.dictionary(1)).hasSize(1418);
    assertThat(new String(dictionaries.dictionary(1), StandardCharsets.UTF_8))
        .startsWith("{\"resourceType\":\"Slot\",")
        .contains("\"source\":\"https://www.example.com/api/rpde/sessions\"");
    // Changing a dictionary makes every existing index snapshot be ignored (rebuilt from the store at start-up):
    // update this value only on purpose.
    assertThat(dictionaries.checksum()).isEqualTo(CHECKSUM);
  }

  /** The size of the raw deflate at the codec's level, with or without a preset dictionary. */
  private static int deflated(String json, byte @Nullable [] dictionary) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try {
      if (dictionary != null) {
        deflater.setDictionary(dictionary);
      }
      deflater.setInput(json.getBytes(StandardCharsets.UTF_8));
      deflater.finish();
      byte[] out = new byte[json.length() * 2];
      return deflater.deflate(out);
    } finally {
      deflater.end();
    }
  }

  /** Every resource the mapper makes of the first item of an RPDE page example: its parent resources and slots. */
  private static List<Resource> mapped(String example) {
    JsonNode page;
    try (InputStream in = ResourceCodecTest.class.getResourceAsStream(example)) {
      page = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonNode first = page.get("items").get(0);
    OpenActiveItem item =
        new OpenActiveItem(
            page.get("next").asText().replaceFirst("\\?.*$", ""),
            first.get("id").asText(),
            first.get("modified").asText(),
            first.get("data"),
            Instant.parse("2026-01-15T09:30:00Z"),
            page.path("license").asText("https://creativecommons.org/licenses/by/4.0/"));
    MappedParent parent = MAPPER.mapParent(item);
    List<Resource> resources = new ArrayList<>();
    resources.add(parent.service());
    resources.add(parent.location());
    resources.add(parent.organization());
    resources.addAll(parent.ownSlots());
    resources.add(MAPPER.mapSchedule(item, parent.ownSlots()));
    return resources;
  }
}
