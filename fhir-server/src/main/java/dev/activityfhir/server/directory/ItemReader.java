package dev.activityfhir.server.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.mapping.OpenActiveItem;
import dev.activityfhir.server.store.StoredItem;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns stored items into the mapper's {@link OpenActiveItem}s: their data parsed (once), their feed's licence
 * attached, and one shared instance per feed URL for every key of the feed's items. Licences change under the
 * directory's lock; reading is thread-safe (the start-up load maps children in parallel).
 */
final class ItemReader {

  /**
   * Used when a feed's licence is not known (never stored): OpenActive open data is published under CC-BY 4.0,
   * which RPDE feeds state in every page.
   */
  static final String DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/";

  private final ObjectMapper json;
  /** One instance per feed URL, shared by the keys of all its items (concurrent: read while mapping). */
  private final Map<String, String> feedUrls = new ConcurrentHashMap<>();
  private final Map<String, String> licenses = new HashMap<>();

  ItemReader(ObjectMapper json) {
    this.json = json;
  }

  void licenses(Map<String, String> byFeed) {
    licenses.putAll(byFeed);
  }

  void license(String feedUrl, String license) {
    licenses.put(feedUrl, license);
  }

  /**
   * The item's data parsed: the tree it carries from the page just applied, else its text parsed. The tree
   * is shared with the store's caller and kept in parsed parents: read-only.
   */
  JsonNode data(StoredItem item) throws JsonProcessingException {
    JsonNode data = item.data();
    return data != null ? data : json.readTree(item.dataJson());
  }

  /** The stored item with its parsed data and its feed's licence (the default when the feed gave none). */
  OpenActiveItem item(StoredItem stored, JsonNode data) {
    return new OpenActiveItem(
        feedUrl(stored.feedUrl()),
        stored.rpdeId(),
        stored.modified(),
        data,
        stored.harvestedAt(),
        licenses.getOrDefault(stored.feedUrl(), DEFAULT_LICENSE));
  }

  /** The key of an item, its feed URL the instance shared by the feed's other keys. */
  ItemKey key(String feedUrl, String rpdeId) {
    return new ItemKey(feedUrl(feedUrl), rpdeId);
  }

  String feedUrl(String feedUrl) {
    return feedUrls.computeIfAbsent(feedUrl, url -> url);
  }
}
