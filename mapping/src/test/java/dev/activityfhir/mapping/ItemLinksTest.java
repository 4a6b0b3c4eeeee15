package dev.activityfhir.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ItemLinksTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final OpenActiveMapper mapper = OpenActiveMapper.withBundledVocabularies();

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "'{\"@type\":\"SessionSeries\",\"@id\":\"https://a/s/1\"}', PARENT, SessionSeries, https://a/s/1",
    "'{\"type\":\"Event\",\"id\":\"https://a/e/1\"}', PARENT, Event, https://a/e/1",
    "'{\"@type\":\"schema:Event\",\"@id\":\"https://a/e/2\"}', PARENT, Event, https://a/e/2",
    "'{\"@type\":\"CourseInstance\",\"@id\":\"c\"}', PARENT, CourseInstance, c",
    "'{\"@type\":\"HeadlineEvent\",\"@id\":\"h\"}', PARENT, HeadlineEvent, h",
    "'{\"@type\":\"FacilityUse\",\"@id\":\"f\"}', PARENT, FacilityUse, f",
    "'{\"@type\":\"IndividualFacilityUse\",\"@id\":\"i\"}', PARENT, IndividualFacilityUse, i",
    "'{\"@type\":\"OnDemandEvent\",\"@id\":\"o\"}', IGNORED, OnDemandEvent, o",
    "'{\"@type\":\"EventSeries\",\"@id\":\"es\"}', IGNORED, EventSeries, es",
  })
  void classifiesByType(String json, ItemRole role, String type, String atId) throws Exception {
    ItemLinks links = mapper.links(JSON.readTree(json));
    assertThat(links.role()).isEqualTo(role);
    assertThat(links.type()).isEqualTo(type);
    assertThat(links.atId()).isEqualTo(atId);
    assertThat(links.parentAtId()).isNull();
  }

  @Test
  void anItemWithoutTypeIsIgnored() throws Exception {
    ItemLinks links = mapper.links(JSON.readTree("{\"name\":\"x\"}"));
    assertThat(links.role()).isEqualTo(ItemRole.IGNORED);
    assertThat(links.type()).isEmpty();
  }

  @Test
  void aSplitScheduledSessionLinksToItsSeriesByUrl() {
    ItemLinks links = mapper.links(Examples.firstData("scheduledsession-split_example_1.json"));
    assertThat(links.role()).isEqualTo(ItemRole.CHILD);
    assertThat(links.type()).isEqualTo("ScheduledSession");
    assertThat(links.atId())
        .isEqualTo(
            "https://opensessions.io/api/session-series/1402CBP20150217#/subEvent/C5EE1E55-2DE6-44F7-A865-42F268A82C63");
    assertThat(links.parentAtId()).isEqualTo("https://opensessions.io/api/session-series/1402CBP20150217");
    assertThat(links.embeddedParent()).isNull();
  }

  @Test
  void aCombinedScheduledSessionCarriesItsSeries() {
    ItemLinks links = mapper.links(Examples.firstData("scheduledsession_example_1.json"));
    assertThat(links.role()).isEqualTo(ItemRole.CHILD);
    assertThat(links.parentAtId()).isEqualTo("https://opensessions.io/api/session-series/1402CBP20150217");
    JsonNode parent = links.embeddedParent();
    assertThat(parent).isNotNull();
    assertThat(parent.get("name").asText()).isEqualTo("Virtual BODYPUMP");
  }

  @Test
  void aFacilitySlotLinksToItsFacilityUse() {
    ItemLinks links = mapper.links(Examples.firstData("slot_example_1.json"));
    assertThat(links.role()).isEqualTo(ItemRole.CHILD);
    assertThat(links.type()).isEqualTo("Slot");
    assertThat(links.parentAtId())
        .isEqualTo("http://www.example.org/facility-uses/1/individual-facility-uses/1");
  }
}
