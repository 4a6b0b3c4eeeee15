package dev.activityfhir.server.harvest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.server.store.RpdeItem;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the body of an RPDE page. Strict about the envelope (an object with an {@code items} array and a
 * {@code next} string) and about each item's {@code id}, {@code state} and {@code modified}: a page that breaks
 * them is malformed as a whole, since its {@code next} could not be trusted either.
 */
public final class RpdePageReader {

  private final ObjectMapper json;

  /** A reader using {@code json} to parse. */
  public RpdePageReader(ObjectMapper json) {
    this.json = json;
  }

  /**
   * Parses {@code body}, fetched from {@code url}.
   *
   * @throws FetchException when the body is not JSON or not an RPDE page
   */
  public RpdePage read(String url, byte[] body) throws FetchException {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new FetchException("malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new FetchException("unreadable body: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new FetchException("malformed RPDE page: not a JSON object");
    }
    JsonNode items = root.get("items");
    if (items == null || !items.isArray()) {
      throw new FetchException("malformed RPDE page: no items array");
    }
    JsonNode next = root.get("next");
    if (next == null || !next.isTextual() || next.asText().isBlank()) {
      throw new FetchException("malformed RPDE page: no next URL");
    }
    String nextUrl;
    try {
      // next SHOULD be absolute; resolving keeps a relative one usable.
      nextUrl = URI.create(url).resolve(next.asText().trim()).toString();
    } catch (IllegalArgumentException e) {
      throw new FetchException("malformed RPDE page: invalid next URL " + next.asText(), e);
    }
    List<RpdeItem> read = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      read.add(item(item));
    }
    JsonNode license = root.get("license");
    return new RpdePage(url, read, nextUrl, license != null && license.isTextual() ? license.asText() : null);
  }

  private RpdeItem item(JsonNode item) throws FetchException {
    if (!item.isObject()) {
      throw new FetchException("malformed RPDE item: not an object");
    }
    String id = scalar(item.get("id"));
    if (id == null) {
      throw new FetchException("malformed RPDE item: no id");
    }
    String state = scalar(item.get("state"));
    if (!"updated".equals(state) && !"deleted".equals(state)) {
      throw new FetchException("malformed RPDE item " + id + ": state " + state);
    }
    String modified = scalar(item.get("modified"));
    if (modified == null) {
      throw new FetchException("malformed RPDE item " + id + ": no modified");
    }
    String kind = scalar(item.get("kind"));
    String data = null;
    if ("updated".equals(state)) {
      JsonNode node = item.get("data");
      if (node == null || !node.isObject()) {
        throw new FetchException("malformed RPDE item " + id + ": updated without data");
      }
      try {
        data = json.writeValueAsString(node);
      } catch (JsonProcessingException e) {
        throw new FetchException("malformed RPDE item " + id + ": " + e.getOriginalMessage(), e);
      }
    }
    return new RpdeItem(id, state, modified, kind, data);
  }

  /** Text of a string or number node: ids and modified values come as either; big integers stay exact. */
  private static @Nullable String scalar(@Nullable JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      String text = node.asText();
      return text.isBlank() ? null : text;
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    if (node.isNumber()) {
      return node.decimalValue().toPlainString();
    }
    return null;
  }
}
