package dev.activityfhir.server.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.mapping.OpenActiveItem;
import dev.activityfhir.server.compress.RawDeflate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.DataFormatException;

/**
 * A parent item (harvested itself, or embedded in a child) as the graph keeps it between uses: its data as
 * deflated UTF-8 JSON instead of a parsed tree, which takes several times the memory (tens of thousands of
 * parents are held; deflate keeps about a quarter of the text). {@link ParsedParents} gives the parsed form when
 * a mapping needs it.
 *
 * <p>Immutable. Equality is identity: every new version of a parent's data is a new instance, so a cache
 * keyed by instance never serves an older version. (Not a record: a record's array component would compare
 * by identity anyway, which reads as if it compared content.)
 */
final class ParentItem {

  private final String feedUrl;
  private final String rpdeId;
  private final String modified;
  private final byte[] json;
  private final Instant harvestedAt;
  private final String license;

  private ParentItem(OpenActiveItem item, byte[] json) {
    this.feedUrl = item.feedUrl();
    this.rpdeId = item.rpdeId();
    this.modified = item.modified();
    this.json = json;
    this.harvestedAt = item.harvestedAt();
    this.license = item.license();
  }

  /**
   * The compact form of {@code item}.
   *
   * @param dataJson {@code item.data()} as JSON text, e.g. the text it was parsed from
   */
  static ParentItem of(OpenActiveItem item, String dataJson) {
    return new ParentItem(item, RawDeflate.deflate(dataJson.getBytes(StandardCharsets.UTF_8), null, 0));
  }

  /**
   * Whether both carry the same JSON text (equal text means equal data; the converse need not hold). Deflate is
   * deterministic, so equal text gives equal bytes.
   */
  boolean hasSameJson(ParentItem other) {
    return Arrays.equals(json, other.json);
  }

  String feedUrl() {
    return feedUrl;
  }

  String rpdeId() {
    return rpdeId;
  }

  /** The item with its data parsed. */
  OpenActiveItem parse(ObjectMapper mapper) {
    JsonNode data;
    try {
      data = mapper.readTree(RawDeflate.inflate(json, 0, null));
    } catch (IOException e) {
      // The JSON was parsed or written by the directory before it was kept.
      throw new UncheckedIOException("a kept parent no longer parses", e);
    } catch (DataFormatException e) {
      // Deflated by this class, in memory.
      throw new IllegalStateException("a kept parent no longer inflates", e);
    }
    return new OpenActiveItem(feedUrl, rpdeId, modified, data, harvestedAt, license);
  }
}
