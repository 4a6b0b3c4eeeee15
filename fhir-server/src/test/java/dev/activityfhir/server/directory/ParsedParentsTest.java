package dev.activityfhir.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.activityfhir.mapping.OpenActiveItem;
import dev.activityfhir.server.harvest.OpenActiveFixtures;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Parents kept as JSON text and parsed on demand, never from an older version. */
class ParsedParentsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String YOGA = "https://ex.org/session-series/yoga";

  private final ParsedParents parsed = new ParsedParents(JSON, 2);

  /** A harvested parent: its data parsed from JSON text, as the store hands it over. */
  private static OpenActiveItem item(ObjectNode data) throws IOException {
    return new OpenActiveItem(
        "https://ex.org/feeds/session-series",
        "yoga",
        "7",
        JSON.readTree(data.toString()),
        Instant.parse("2026-01-05T10:00:00Z"),
        "https://creativecommons.org/licenses/by/4.0/");
  }

  @Test
  void parsesTheKeptTextBackIntoTheSameItem() throws IOException {
    OpenActiveItem yoga = item(OpenActiveFixtures.series(YOGA, "Yoga for all"));
    ParentItem kept = ParentItem.of(yoga, yoga.data().toString());

    OpenActiveItem first = parsed.get(kept);

    assertThat(first).isEqualTo(yoga); // every field, the data compared as a tree
    assertThat(parsed.get(kept)).isSameAs(first);
  }

  @Test
  void aNewVersionIsParsedFromItsOwnText() throws IOException {
    OpenActiveItem before = item(OpenActiveFixtures.series(YOGA, "Yoga for all"));
    ParentItem old = ParentItem.of(before, before.data().toString());
    parsed.get(old);
    OpenActiveItem after = item(OpenActiveFixtures.series(YOGA, "Yoga at noon"));

    OpenActiveItem current = parsed.get(ParentItem.of(after, after.data().toString()));

    assertThat(current.data().get("name").asText()).isEqualTo("Yoga at noon");
    assertThat(parsed.get(old).data().get("name").asText()).isEqualTo("Yoga for all");
  }

  @Test
  void tellsWhetherTwoVersionsCarryTheSameText() throws IOException {
    OpenActiveItem yoga = item(OpenActiveFixtures.series(YOGA, "Yoga for all"));
    ParentItem kept = ParentItem.of(yoga, yoga.data().toString());

    assertThat(kept.hasSameJson(ParentItem.of(yoga, yoga.data().toString()))).isTrue();
    assertThat(kept.hasSameJson(ParentItem.of(yoga, yoga.data().toString() + " "))).isFalse();
  }
}
