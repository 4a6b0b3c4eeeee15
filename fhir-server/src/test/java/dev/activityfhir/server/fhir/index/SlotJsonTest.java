package dev.activityfhir.server.fhir.index;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import dev.activityfhir.mapping.OpenActiveItem;
import dev.activityfhir.mapping.OpenActiveMapper;
import dev.activityfhir.server.demo.DemoDataset;
import dev.activityfhir.server.demo.DemoFeed;
import dev.activityfhir.server.demo.DemoSize;
import dev.activityfhir.server.demo.FeedEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.Test;

class SlotJsonTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final OpenActiveMapper MAPPER = OpenActiveMapper.withBundledVocabularies();
  private static final String LICENSE = "https://creativecommons.org/licenses/by/4.0/";
  private static final List<Slot> DEMO_SLOTS = demoSlots();

  @Test
  void writesEverySlotOfTheDemoDatasetAsHapiDoes() {
    List<Slot> slots = DEMO_SLOTS;

    assertThat(slots).hasSizeGreaterThan(4_000);
    assertThat(slots).anyMatch(Slot::hasComment).anyMatch(slot -> slot.getExtension().size() == 4);
    for (Slot slot : slots) {
      assertThat(SlotJson.write(slot)).isEqualTo(hapi(slot));
    }
  }

  @Test
  void escapesTextAsHapiDoes() {
    Slot slot = demoSlot(0);
    slot.setComment("Quotes \" and \\ backslash, tab\t, new\nline, </script>, café, 🏊, \u0001, \u2028, \uD800");
    slot.getIdentifierFirstRep().setValue("https://example.com/a?b=c&d=<e>");
    slot.addExtension("https://example.com/ext", new StringType("ünïcödé"));

    assertThat(SlotJson.write(slot)).isEqualTo(hapi(slot));
    ResourceCodec codec = new ResourceCodec(FHIR);
    assertThat(codec.json(codec.encode(slot))).contains("café, 🏊, \\u0001, \u2028, ?\"");
  }

  @Test
  void writesTheOtherValueTypesAndMetaAsHapiDoes() {
    Slot slot = demoSlot(0);
    slot.getMeta().setVersionId("7");
    slot.addExtension("https://example.com/flag", new BooleanType(false));
    slot.addExtension("https://example.com/code", new CodeType("abc"));
    slot.addExtension("https://example.com/uri", new UriType("urn:uuid:1234"));
    slot.addExtension("https://example.com/when", new DateTimeType("2026-11-25T10:00:00Z"));
    slot.getServiceTypeFirstRep().setText("   "); // blank: HAPI leaves it out
    slot.getSchedule().setDisplay("The schedule");

    assertThat(SlotJson.write(slot)).isEqualTo(hapi(slot));
  }

  @Test
  void leavesAnythingElseToHapi() {
    List<Consumer<Slot>> unsupported =
        List.of(
            slot -> slot.setOverbooked(true),
            slot -> slot.getStartElement().setId("start-1"),
            slot -> slot.getCommentElement().addExtension("https://example.com/x", new StringType("y")),
            slot -> slot.addSpecialty().setText("Physiotherapy"),
            slot -> slot.addExtension("https://example.com/amount", new DecimalType("1.50")),
            slot -> slot.addModifierExtension(new Extension("https://example.com/m", new BooleanType(true))),
            slot -> slot.getMeta().addTag().setCode("demo"),
            slot -> slot.getText().setStatus(Narrative.NarrativeStatus.GENERATED),
            slot -> slot.getIdentifierFirstRep().setUse(null).setSystem(null).setValue(null),
            slot -> slot.getServiceTypeFirstRep().getCodingFirstRep().setVersion("1"),
            slot -> slot.getSchedule().setType("Schedule"));
    for (Consumer<Slot> change : unsupported) {
      Slot slot = demoSlot(0);
      change.accept(slot);
      assertThat(SlotJson.write(slot)).isNull();
    }
  }

  @Test
  void theCodecStoresWhatHapiWouldEncode() {
    ResourceCodec codec = new ResourceCodec(FHIR);
    Slot slot = demoSlot(1);

    assertThat(codec.json(codec.encode(slot))).isEqualTo(hapi(slot));
    slot.setOverbooked(true); // now encoded by HAPI
    assertThat(codec.json(codec.encode(slot))).isEqualTo(hapi(slot)).contains("\"overbooked\":true");
  }

  /** A copy of a demo Slot, to change. */
  private static Slot demoSlot(int index) {
    return DEMO_SLOTS.get(index).copy();
  }

  private static String hapi(Slot slot) {
    return FHIR.newJsonParser().encodeResourceToString(slot);
  }

  /** Every Slot the mapper makes of the demo dataset: parents' own slots and every child joined to its parent. */
  private static List<Slot> demoSlots() {
    DemoDataset dataset = DemoDataset.generate(DemoSize.DEMO, Instant.parse("2026-11-25T12:00:00Z"));
    Instant harvested = Instant.parse("2026-11-25T12:30:00Z");
    Map<String, OpenActiveItem> parents = new HashMap<>();
    List<Slot> slots = new ArrayList<>();
    for (DemoFeed feed : List.of(DemoFeed.SESSION_SERIES, DemoFeed.FACILITY_USES)) {
      for (OpenActiveItem parent : items(dataset, feed, harvested)) {
        String atId = parent.data().path("@id").asText();
        parents.put(atId, parent);
        MAPPER.embeddedParentIds(parent.data()).forEach(id -> parents.put(id, parent));
        slots.addAll(MAPPER.mapParent(parent).ownSlots());
      }
    }
    for (DemoFeed feed : List.of(DemoFeed.SCHEDULED_SESSIONS, DemoFeed.SLOTS)) {
      for (OpenActiveItem child : items(dataset, feed, harvested)) {
        OpenActiveItem parent = parents.get(MAPPER.links(child.data()).parentAtId());
        if (parent != null) {
          slots.add(MAPPER.mapChild(child, parent));
        }
      }
    }
    return slots;
  }

  private static List<OpenActiveItem> items(DemoDataset dataset, DemoFeed feed, Instant harvested) {
    String feedUrl = "http://127.0.0.1:8080/demo/feeds/" + feed.name().toLowerCase().replace('_', '-');
    List<OpenActiveItem> items = new ArrayList<>();
    dataset
        .entries(feed)
        .filter(entry -> entry.data() != null)
        .forEach(
            (FeedEntry entry) -> {
              JsonNode data = entry.data();
              items.add(
                  new OpenActiveItem(
                      feedUrl, entry.id(), Long.toString(entry.modified()), data, harvested, LICENSE));
            });
    return items;
  }
}
