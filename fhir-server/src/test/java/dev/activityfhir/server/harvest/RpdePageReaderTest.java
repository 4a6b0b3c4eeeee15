package dev.activityfhir.server.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.server.store.RpdeItem;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RpdePageReaderTest {

  private static final String URL = "https://ex.org/feeds/sessions?afterChangeNumber=10";
  private final RpdePageReader reader = new RpdePageReader(new ObjectMapper());

  private RpdePage read(String body) throws FetchException {
    return reader.read(URL, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsItemsWithStringAndNumberIdsAndHugeModifiedValues() throws FetchException {
    RpdePage page =
        read(
            "{\"next\":\"https://ex.org/feeds/sessions?afterChangeNumber=1152921504606846976\","
                + "\"items\":[{\"state\":\"updated\",\"kind\":\"ScheduledSession\",\"id\":42,"
                + "\"modified\":1152921504606846976,\"data\":{\"@type\":\"ScheduledSession\",\"name\":\"A\"}},"
                + "{\"state\":\"deleted\",\"kind\":\"ScheduledSession\",\"id\":\"abc\",\"modified\":\"7\"}],"
                + "\"license\":\"https://creativecommons.org/licenses/by/4.0/\"}");

    assertThat(page.items())
        .containsExactly(
            new RpdeItem(
                "42",
                "updated",
                "1152921504606846976",
                "ScheduledSession",
                "{\"@type\":\"ScheduledSession\",\"name\":\"A\"}"),
            new RpdeItem("abc", "deleted", "7", "ScheduledSession", null));
    assertThat(page.next()).isEqualTo("https://ex.org/feeds/sessions?afterChangeNumber=1152921504606846976");
    assertThat(page.license()).isEqualTo("https://creativecommons.org/licenses/by/4.0/");
    assertThat(page.isLast()).isFalse();
    assertThat(page.pointsToItself()).isFalse();
  }

  @Test
  void anEmptyPagePointingToItselfIsTheLast() throws FetchException {
    RpdePage page = read("{\"next\":\"" + URL + "\",\"items\":[]}");
    assertThat(page.isLast()).isTrue();
    assertThat(page.license()).isNull();
  }

  @Test
  void anEmptyPagePointingElsewhereIsNotTheLast() throws FetchException {
    // In-stream filtering may empty a page that is not the end.
    RpdePage page = read("{\"next\":\"https://ex.org/feeds/sessions?afterChangeNumber=20\",\"items\":[]}");
    assertThat(page.isLast()).isFalse();
  }

  @Test
  void resolvesARelativeNextAgainstThePageUrl() throws FetchException {
    RpdePage page = read("{\"next\":\"/feeds/sessions?afterChangeNumber=11\",\"items\":[]}");
    assertThat(page.next()).isEqualTo("https://ex.org/feeds/sessions?afterChangeNumber=11");
  }

  @Test
  void readsARealOpenActivePage() throws Exception {
    byte[] body;
    try (InputStream in =
        getClass()
            .getResourceAsStream("/dev/activityfhir/server/directory/scheduledsession-embedded-superevent.json")) {
      body = in.readAllBytes();
    }
    RpdePage page = reader.read("https://www.example.com/api/rpde/scheduled-sessions", body);
    assertThat(page.items()).hasSize(1);
    RpdeItem item = page.items().get(0);
    assertThat(item.rpdeId()).isEqualTo("C5EE1E55-2DE6-44F7-A865-42F268A82C63");
    assertThat(item.modified()).isEqualTo("1521565719");
    assertThat(item.kind()).isEqualTo("ScheduledSession.SessionSeries");
    assertThat(item.dataJson()).contains("\"superEvent\":{\"@type\":\"SessionSeries\"");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"next\": \"x\", \"items\": [ | malformed JSON",
        "[] | not a JSON object",
        "{\"next\":\"https://ex.org/a\"} | no items array",
        "{\"items\":[]} | no next URL",
        "{\"next\":\"\",\"items\":[]} | no next URL",
        "{\"next\":\"https://ex.org/a\",\"items\":[{\"state\":\"updated\",\"modified\":1,\"data\":{}}]} | no id",
        "{\"next\":\"https://ex.org/a\",\"items\":[{\"id\":1,\"state\":\"gone\",\"modified\":1}]} | state gone",
        "{\"next\":\"https://ex.org/a\",\"items\":[{\"id\":1,\"state\":\"deleted\"}]} | no modified",
        "{\"next\":\"https://ex.org/a\",\"items\":[{\"id\":1,\"state\":\"updated\",\"modified\":1}]} | updated without data",
        "{\"next\":\"https://ex.org/a\",\"items\":[3]} | not an object",
      })
  void rejectsAMalformedPage(String body, String reason) {
    assertThatThrownBy(() -> read(body)).isInstanceOf(FetchException.class).hasMessageContaining(reason);
  }
}
