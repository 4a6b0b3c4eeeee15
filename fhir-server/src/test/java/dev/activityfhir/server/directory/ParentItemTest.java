package dev.activityfhir.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.mapping.OpenActiveItem;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ParentItemTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static OpenActiveItem item(String json) throws Exception {
    JsonNode data = JSON.readTree(json);
    return new OpenActiveItem(
        "https://ex.org/feeds/series",
        "rpde-1",
        "1700000000001",
        data,
        Instant.parse("2026-11-25T10:00:00Z"),
        "https://creativecommons.org/licenses/by/4.0/");
  }

  @Test
  void keepsTheDataDeflatedAndParsesItBackWhole() throws Exception {
    String json =
        "{\"@type\":\"SessionSeries\",\"@id\":\"https://ex.org/series/1\",\"name\":\"Walking Football – "
            + "beginners\",\"description\":\""
            + "Gentle sessions for all abilities. ".repeat(40)
            + "\",\"ageRange\":{\"minValue\":50}}";
    ParentItem parent = ParentItem.of(item(json), json);

    OpenActiveItem parsed = parent.parse(JSON);
    assertThat(parsed.data()).isEqualTo(JSON.readTree(json));
    assertThat(parsed.data().get("name").asText()).isEqualTo("Walking Football – beginners");
    assertThat(parsed.rpdeId()).isEqualTo("rpde-1");
    assertThat(parsed.modified()).isEqualTo("1700000000001");
    assertThat(parsed.harvestedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    // Parsing twice gives the same data (the zlib state reused per thread is reset between uses).
    assertThat(parent.parse(JSON).data()).isEqualTo(parsed.data());
  }

  @Test
  void comparesByText() throws Exception {
    String json = "{\"@type\":\"SessionSeries\",\"name\":\"Yoga\"}";
    String other = "{\"@type\":\"SessionSeries\",\"name\":\"Yoga!\"}";
    ParentItem a = ParentItem.of(item(json), json);
    assertThat(a.hasSameJson(ParentItem.of(item(json), json))).isTrue();
    assertThat(a.hasSameJson(ParentItem.of(item(other), other))).isFalse();
  }
}
