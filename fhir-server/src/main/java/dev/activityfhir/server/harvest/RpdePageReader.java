package dev.activityfhir.server.harvest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.activityfhir.server.store.RpdeItem;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the body of an RPDE page. Strict about the envelope (an object with an {@code items} array and a
 * {@code next} string) and about each item's {@code id}, {@code state} and {@code modified}: a page that breaks
 * them is malformed as a whole, since its {@code next} could not be trusted either.
 */
public final class RpdePageReader {

  /** The widths of the store's {@code rpde_id} and {@code modified} columns. */
  private static final int MAX_ID_CHARS = 1024;

  private static final int MAX_MODIFIED_CHARS = 256;

  private final ObjectMapper json;
  private final ItemLimits limits;

  /**
   * A reader using {@code json} to parse. Its parser features must be the defaults (strict JSON: no comments,
   * no single quotes...), since items carry their data's source text as the JSON to store.
   *
   * @param limits bounds on one item: longer strings are cut, larger items left out
   */
  public RpdePageReader(ObjectMapper json, ItemLimits limits) {
    this.json = json;
    this.limits = limits;
  }

  /** A reader with the default {@link ItemLimits}. */
  public RpdePageReader(ObjectMapper json) {
    this(json, ItemLimits.DEFAULTS);
  }

  /**
   * Parses {@code body}, fetched from {@code url}. Each item's {@code data} is parsed once: the item carries
   * the tree and, as its text, the exact source text of the object when that is compact (as feeds generally
   * are), else the tree serialized compactly.
   *
   * @throws FetchException when the body is not JSON or not an RPDE page
   */
  public RpdePage read(String url, byte[] body) throws FetchException {
    ParsedBody parsed;
    try (JsonParser parser = json.createParser(body)) {
      parsed = parse(parser, body);
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the offending text: /health shows no part of a remote body.
      throw new FetchException("malformed JSON", e);
    } catch (IOException e) {
      throw new FetchException("unreadable body", e);
    }
    JsonNode root = parsed.root();
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
      throw new FetchException("malformed RPDE page: invalid next URL", e);
    }
    List<RpdeItem> read = new ArrayList<>(items.size());
    List<String> malformed = new ArrayList<>();
    Bounds bounds = new Bounds();
    for (int i = 0; i < items.size(); i++) {
      try {
        RpdeItem item = item(items.get(i), parsed.dataTexts().get(i), bounds);
        if (item != null) {
          read.add(item);
        }
      } catch (MalformedItemException e) {
        // One broken item must not hold the whole feed at this page for ever: leave it out, say why.
        malformed.add(e.getMessage());
      }
    }
    JsonNode license = root.get("license");
    return new RpdePage(
        url,
        read,
        nextUrl,
        license != null && license.isTextual() ? license.asText() : null,
        malformed,
        bounds.itemsTooLarge,
        bounds.stringsCut);
  }

  /**
   * The body as {@link ObjectMapper#readTree} reads it (a repeated key keeps its last value), and the source
   * text of each item's {@code data} object in the root's {@code items} array, in step with it.
   */
  private ParsedBody parse(JsonParser parser, byte[] body) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      return new ParsedBody(null, List.of());
    }
    if (token != JsonToken.START_OBJECT) {
      return new ParsedBody(json.readTree(parser), List.of());
    }
    ObjectNode root = json.createObjectNode();
    List<@Nullable String> dataTexts = List.of();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals("items") && value == JsonToken.START_ARRAY) {
        ArrayNode items = root.arrayNode();
        dataTexts = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          ItemText item =
              parser.currentToken() == JsonToken.START_OBJECT
                  ? item(parser, body)
                  : new ItemText(json.readTree(parser), null);
          items.add(item.item());
          dataTexts.add(item.dataText());
        }
        root.set(name, items);
      } else {
        root.set(name, json.readTree(parser));
      }
    }
    return new ParsedBody(root, dataTexts);
  }

  /** Reads the item object at the parser's {@code START_OBJECT}, keeping the source text of its data. */
  private ItemText item(JsonParser parser, byte[] body) throws IOException {
    ObjectNode item = json.createObjectNode();
    String dataText = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken token = parser.nextToken();
      if (name.equals("data")) {
        // The token location of a value is where its first byte is; the current location, once the value is
        // read, is just past its last byte.
        long start = parser.currentTokenLocation().getByteOffset();
        item.set(name, json.readTree(parser));
        long end = parser.currentLocation().getByteOffset();
        dataText = token == JsonToken.START_OBJECT ? slice(body, start, end) : null;
      } else {
        item.set(name, scalarOrTree(parser, token));
      }
    }
    return new ItemText(item, dataText);
  }

  /** The value at the parser as {@code readTree} would give it; strings and integers without its overhead. */
  private JsonNode scalarOrTree(JsonParser parser, JsonToken token) throws IOException {
    JsonNodeFactory nodes = json.getNodeFactory();
    if (token == JsonToken.VALUE_STRING) {
      return nodes.textNode(parser.getText());
    }
    if (token == JsonToken.VALUE_NUMBER_INT) {
      return switch (parser.getNumberType()) {
        case INT -> nodes.numberNode(parser.getIntValue());
        case LONG -> nodes.numberNode(parser.getLongValue());
        default -> nodes.numberNode(parser.getBigIntegerValue());
      };
    }
    return json.readTree(parser);
  }

  /**
   * The bytes from {@code start} to {@code end} as text when they are one compact JSON object; null when
   * there is whitespace between its tokens (a pretty-printed feed: the tree is serialized instead, so the store
   * keeps compact JSON whatever the feed's layout) or when the offsets do not frame an object (no byte offsets
   * for a body Jackson decodes as characters, e.g. UTF-16).
   */
  private static @Nullable String slice(byte[] body, long start, long end) {
    if (start < 0 || end > body.length || end - start < 2) {
      return null;
    }
    int from = (int) start;
    int to = (int) end;
    if (body[from] != '{' || body[to - 1] != '}' || !compact(body, from, to)) {
      return null;
    }
    return new String(body, from, to - from, StandardCharsets.UTF_8);
  }

  /** Whether the JSON text in {@code body[from..to)} has no whitespace outside its strings. */
  private static boolean compact(byte[] body, int from, int to) {
    boolean inString = false;
    for (int i = from; i < to; i++) {
      byte b = body[i];
      if (inString) {
        if (b == '\\') {
          i++; // an escaped character, perhaps a quote
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        return false;
      }
    }
    return true;
  }

  /** The item, or null when it passes the item limit (counted in {@code bounds}). */
  private @Nullable RpdeItem item(JsonNode item, @Nullable String dataText, Bounds bounds)
      throws MalformedItemException {
    if (!item.isObject()) {
      throw new MalformedItemException("malformed RPDE item: not an object");
    }
    String id = scalar(item.get("id"));
    if (id == null) {
      throw new MalformedItemException("malformed RPDE item: no id");
    }
    if (id.length() > MAX_ID_CHARS) {
      throw new MalformedItemException("malformed RPDE item: id longer than " + MAX_ID_CHARS + " characters");
    }
    String state = scalar(item.get("state"));
    if (!"updated".equals(state) && !"deleted".equals(state)) {
      throw new MalformedItemException("malformed RPDE item " + id + ": state " + state);
    }
    String modified = scalar(item.get("modified"));
    if (modified == null) {
      throw new MalformedItemException("malformed RPDE item " + id + ": no modified");
    }
    if (modified.length() > MAX_MODIFIED_CHARS) {
      throw new MalformedItemException("malformed RPDE item " + id + ": modified longer than " + MAX_MODIFIED_CHARS);
    }
    String kind = scalar(item.get("kind"));
    String data = null;
    JsonNode node = null;
    if ("updated".equals(state)) {
      node = item.get("data");
      if (node == null || !node.isObject()) {
        throw new MalformedItemException("malformed RPDE item " + id + ": updated without data");
      }
      data = dataText;
      if (data == null) {
        data = serialize(id, node);
      }
      if (data.length() > limits.maxItemChars()) {
        bounds.itemsTooLarge++;
        return null;
      }
      // No string in a text this short can pass the string limit: most items are never walked.
      if (data.length() > limits.maxStringChars()) {
        int cut;
        try {
          cut = cutLongStrings(node);
        } catch (FieldNameTooLongException e) {
          bounds.itemsTooLarge++;
          return null;
        }
        if (cut > 0) {
          bounds.stringsCut += cut;
          data = serialize(id, node);
        }
      }
    }
    return new RpdeItem(id, state, modified, kind, data, node);
  }

  private String serialize(String id, JsonNode node) throws MalformedItemException {
    try {
      return json.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new MalformedItemException("malformed RPDE item " + id + ": not serializable");
    }
  }

  /**
   * Cuts every string value longer than the limit, in place (the tree was parsed for this page and is not shared
   * yet), at a code point boundary; returns how many were cut.
   */
  private int cutLongStrings(JsonNode node) throws FieldNameTooLongException {
    int cut = 0;
    int max = limits.maxStringChars();
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        if (name.length() > max) {
          throw new FieldNameTooLongException();
        }
        JsonNode value = object.get(name);
        if (value.isTextual() && value.textValue().length() > max) {
          object.put(name, cutText(value.textValue(), max));
          cut++;
        } else if (value.isContainerNode()) {
          cut += cutLongStrings(value);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode value = array.get(i);
        if (value.isTextual() && value.textValue().length() > max) {
          array.set(i, json.getNodeFactory().textNode(cutText(value.textValue(), max)));
          cut++;
        } else if (value.isContainerNode()) {
          cut += cutLongStrings(value);
        }
      }
    }
    return cut;
  }

  private static String cutText(String text, int max) {
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end);
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

  /** An item that cannot be stored; the page is read without it. */
  private static final class MalformedItemException extends Exception {
    MalformedItemException(String message) {
      super(message, null, false, false);
    }
  }

  /** What the limits cut or left out of one page. */
  private static final class Bounds {
    int itemsTooLarge;
    int stringsCut;
  }

  /** An item with a field name over the string limit: left out whole, since a name cannot be cut safely. */
  private static final class FieldNameTooLongException extends Exception {
    FieldNameTooLongException() {
      super(null, null, false, false);
    }
  }

  /** The whole body parsed; {@code root} null when the body is empty. */
  private record ParsedBody(@Nullable JsonNode root, List<@Nullable String> dataTexts) {}

  /** An element of the {@code items} array and the source text of its {@code data} object, if it has one. */
  private record ItemText(JsonNode item, @Nullable String dataText) {}
}
