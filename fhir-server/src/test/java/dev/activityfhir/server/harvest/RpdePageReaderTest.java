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
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RpdePageReader reader = new RpdePageReader(JSON);

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

  @Test
  void carriesEachItemsDataParsedWithItsExactSourceText() throws Exception {
    // Compact, with multi-byte UTF-8 (2, 3 and 4 bytes), escapes, nesting, and data first, inside and last.
    String first = "{\"@type\":\"SessionSeries\",\"name\":\"Caf\u00e9 \\u00e9 \u2122 \ud83d\ude00\"}";
    String second =
        "{\"@type\":\"ScheduledSession\",\"superEvent\":{\"@id\":\"https://ex.org/s/1\",\"tags\":[{\"a\":[]},{}]},"
            + "\"text\":\"a \\\"quoted\\\" {brace} and back\\\\slash\","
            + "\"capacity\":1.50e2,\"big\":123456789012345678901234}";
    String third = "{}";
    String body =
        "{\"items\":[{\"data\":"
            + first
            + ",\"id\":1,\"state\":\"updated\",\"modified\":3},"
            + "{\"id\":\"two\",\"state\":\"updated\",\"data\":"
            + second
            + ",\"modified\":\"2026-01-05T10:00:00Z\"},"
            + "{\"state\":\"updated\",\"id\":3.0,\"modified\":5,\"data\":"
            + third
            + "}],\"next\":\"https://ex.org/n\"}";

    RpdePage page = read(body);

    assertThat(page.items()).extracting(RpdeItem::rpdeId).containsExactly("1", "two", "3.0");
    assertThat(page.items()).extracting(RpdeItem::dataJson).containsExactly(first, second, third);
    for (RpdeItem item : page.items()) {
      assertThat(item.data()).isEqualTo(JSON.readTree(item.dataJson()));
    }
    assertThat(page.items().get(0).data().get("name").asText()).isEqualTo("Caf\u00e9 \u00e9 \u2122 \ud83d\ude00");
    assertThat(page.items().get(1).data().at("/superEvent/@id").asText()).isEqualTo("https://ex.org/s/1");
    assertThat(page.items().get(1).data().get("text").asText())
        .isEqualTo("a \"quoted\" {brace} and back\\slash");
  }

  @Test
  void keepsCompactJsonForAPrettyPrintedPage() throws Exception {
    String body =
        "{\n  \"next\" : \"https://ex.org/n\",\n  \"items\" : [ {\n    \"id\" : \"1\",\n"
            + "    \"state\" : \"updated\",\n    \"modified\" : 1,\n    \"data\" : {\r\n\t\"@type\" :"
            + " \"SessionSeries\" , \"name\": \"Hot  Yoga\",\n"
            + " \"activity\": [ { \"prefLabel\": \"Yoga\" } ] }\n  } ]\n}";

    RpdeItem item = read(body).items().get(0);

    assertThat(item.dataJson())
        .isEqualTo(
            "{\"@type\":\"SessionSeries\",\"name\":\"Hot  Yoga\",\"activity\":[{\"prefLabel\":\"Yoga\"}]}");
    assertThat(item.data()).isEqualTo(JSON.readTree(item.dataJson()));
  }

  @Test
  void findsTheDataAfterAByteOrderMark() throws Exception {
    String data = "{\"@type\":\"SessionSeries\",\"name\":\"\\u00e9t\u00e9\"}";
    byte[] page =
        ("\ufeff{\"next\":\"https://ex.org/n\",\"items\":[{\"id\":1,\"state\":\"updated\",\"modified\":1,"
                + "\"data\":"
                + data
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);

    RpdeItem item = reader.read(URL, page).items().get(0);

    assertThat(item.dataJson()).isEqualTo(data);
    assertThat(item.data().get("name").asText()).isEqualTo("\u00e9t\u00e9");
  }

  @Test
  void serializesTheDataOfABodyInUtf16() throws Exception {
    // No byte offsets for a body Jackson reads as characters: the tree is serialized instead (JSON-equal).
    String data = "{\"@type\":\"SessionSeries\",\"name\":\"\\u00e9t\u00e9\"}";
    byte[] page =
        ("{\"next\":\"https://ex.org/n\",\"items\":[{\"id\":1,\"state\":\"updated\",\"modified\":1,"
                + "\"data\":"
                + data
                + "}]}")
            .getBytes(StandardCharsets.UTF_16BE);

    RpdeItem item = reader.read(URL, page).items().get(0);

    assertThat(item.dataJson()).isEqualTo("{\"@type\":\"SessionSeries\",\"name\":\"\u00e9t\u00e9\"}");
    assertThat(item.data().get("name").asText()).isEqualTo("\u00e9t\u00e9");
  }

  @Test
  void aRepeatedDataKeepsItsLastValueAndADeletedItemCarriesNoData() throws FetchException {
    RpdePage page =
        read(
            "{\"next\":\"https://ex.org/n\",\"items\":["
                + "{\"id\":1,\"state\":\"updated\",\"modified\":1,\"data\":{\"a\":1},\"data\":{\"b\":2}},"
                + "{\"id\":2,\"state\":\"deleted\",\"modified\":1,\"data\":{\"c\":3}}]}");

    assertThat(page.items().get(0).dataJson()).isEqualTo("{\"b\":2}");
    assertThat(page.items().get(0).data().toString()).isEqualTo("{\"b\":2}");
    assertThat(page.items().get(1).dataJson()).isNull();
    assertThat(page.items().get(1).data()).isNull();
    RpdePage repeated =
        read(
            "{\"next\":\"https://ex.org/n\",\"items\":["
                + "{\"id\":1,\"state\":\"updated\",\"modified\":1,\"data\":{\"a\":1},\"data\":null}]}");
    assertThat(repeated.items()).isEmpty();
    assertThat(repeated.malformedItems()).singleElement().asString().contains("updated without data");
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
      })
  void rejectsAMalformedPage(String body, String reason) {
    assertThatThrownBy(() -> read(body)).isInstanceOf(FetchException.class).hasMessageContaining(reason);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"state\":\"updated\",\"modified\":1,\"data\":{}} | no id",
        "{\"id\":1,\"state\":\"gone\",\"modified\":1} | state gone",
        "{\"id\":1,\"state\":\"deleted\"} | no modified",
        "{\"id\":1,\"state\":\"updated\",\"modified\":1} | updated without data",
        "3 | not an object",
      })
  void leavesOutAMalformedItemAndReadsTheRest(String item, String reason) throws FetchException {
    RpdePage page =
        read(
            "{\"next\":\"https://ex.org/a\",\"items\":["
                + item
                + ",{\"id\":\"ok\",\"state\":\"deleted\",\"modified\":2}]}");

    assertThat(page.items()).extracting(RpdeItem::rpdeId).containsExactly("ok");
    assertThat(page.malformedItems()).singleElement().asString().contains(reason);
  }

  @Test
  void cutsOverLongStringsKeepsTheItemAndLeavesOutOversizedItems() throws FetchException {
    RpdePageReader bounded = new RpdePageReader(JSON, new ItemLimits(12, 200));
    String longName = "N".repeat(25);
    String longTag = "a" + "\uD83D\uDE00".repeat(7); // 15 UTF-16 units: the cut at 12 would split a pair
    String body =
        "{\"next\":\"https://ex.org/a\",\"items\":["
            + "{\"id\":\"short\",\"state\":\"updated\",\"modified\":1,\"data\":{\"name\":\"Yoga\"}},"
            + "{\"id\":\"long\",\"state\":\"updated\",\"modified\":2,\"data\":{\"name\":\""
            + longName
            + "\",\"tags\":[\"ok\",\""
            + longTag
            + "\"],\"location\":{\"description\":\""
            + longName
            + "\"}}},"
            + "{\"id\":\"huge\",\"state\":\"updated\",\"modified\":3,\"data\":{\"a\":\""
            + "x".repeat(9)
            + "\",\"b\":[\""
            + String.join("\",\"", java.util.Collections.nCopies(30, "y".repeat(9)))
            + "\"]}},"
            + "{\"id\":\"key\",\"state\":\"updated\",\"modified\":4,\"data\":{\""
            + "k".repeat(13)
            + "\":1}}"
            + "]}";

    RpdePage page = bounded.read(URL, body.getBytes(StandardCharsets.UTF_8));

    assertThat(page.items()).extracting(RpdeItem::rpdeId).containsExactly("short", "long");
    assertThat(page.items().get(0).dataJson()).isEqualTo("{\"name\":\"Yoga\"}");
    assertThat(page.items().get(1).dataJson())
        .isEqualTo(
            "{\"name\":\"NNNNNNNNNNNN\",\"tags\":[\"ok\",\"a" + "\uD83D\uDE00".repeat(5) + "\"],"
                + "\"location\":{\"description\":\"NNNNNNNNNNNN\"}}");
    assertThat(page.items().get(1).data().get("name").asText()).isEqualTo("NNNNNNNNNNNN");
    assertThat(page.stringsCut()).isEqualTo(3);
    assertThat(page.itemsTooLarge()).isEqualTo(2); // the item over 200 characters and the one with a long key
    assertThat(page.malformedItems()).isEmpty();
  }

  @Test
  void leavesOutAnItemWhoseIdCannotBeStored() throws FetchException {
    RpdePage page =
        read(
            "{\"next\":\"https://ex.org/a\",\"items\":[{\"id\":\""
                + "i".repeat(1025)
                + "\",\"state\":\"deleted\",\"modified\":1}]}");

    assertThat(page.items()).isEmpty();
    assertThat(page.malformedItems()).containsExactly("malformed RPDE item: id longer than 1024 characters");
  }

  @Test
  void saysNothingOfTheBodyWhenItIsNotJson() {
    assertThatThrownBy(() -> read("SECRET-TOKEN-42 is not JSON"))
        .isInstanceOf(FetchException.class)
        .hasMessage("malformed JSON");
  }
}
