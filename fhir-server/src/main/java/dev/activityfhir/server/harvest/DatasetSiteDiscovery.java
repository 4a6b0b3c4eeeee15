package dev.activityfhir.server.harvest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds the RPDE feeds of an OpenActive dataset site: the HTML page embeds a JSON-LD {@code Dataset} in a {@code
 * <script type="application/ld+json">} element, whose {@code distribution} lists one {@code DataDownload} per
 * feed ({@code contentUrl}, and {@code additionalType} naming the kind of opportunity).
 */
public final class DatasetSiteDiscovery {

  private static final Pattern JSON_LD =
      Pattern.compile(
          "<script[^>]*type\\s*=\\s*[\"']application/ld\\+json[\"'][^>]*>(.*?)</script\\s*>",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private final RpdeClient client;
  private final ObjectMapper json = new ObjectMapper();

  /** A discovery fetching sites with {@code client}. */
  public DatasetSiteDiscovery(RpdeClient client) {
    this.client = client;
  }

  /**
   * Fetches the dataset site at {@code siteUrl}, a configured (trusted) URL, and returns its feeds; whether each
   * may be fetched is for the {@link FetchPolicy} to judge.
   */
  public List<FeedLink> discover(String siteUrl) throws FetchException, InterruptedException {
    FetchedDocument page =
        client.fetch(siteUrl, "text/html", FetchPolicy.trusting(List.of(siteUrl), List.of()));
    return feeds(page.text(), siteUrl);
  }

  /**
   * Reads the feeds of a dataset site's HTML, in the order listed, without duplicates.
   *
   * @param siteUrl resolves relative {@code contentUrl}s
   * @throws FetchException when the page has no JSON-LD Dataset with a distribution
   */
  public List<FeedLink> feeds(String html, String siteUrl) throws FetchException {
    Map<String, FeedLink> found = new LinkedHashMap<>();
    boolean sawDataset = false;
    Matcher scripts = JSON_LD.matcher(html);
    while (scripts.find()) {
      JsonNode root;
      try {
        root = json.readTree(scripts.group(1));
      } catch (JsonProcessingException e) {
        continue; // another, broken JSON-LD block; the Dataset may be in the next one
      }
      for (JsonNode dataset : datasets(root)) {
        sawDataset = true;
        JsonNode distribution = dataset.get("distribution");
        if (distribution == null) {
          continue;
        }
        for (JsonNode download : distribution.isArray() ? distribution : List.of(distribution)) {
          String contentUrl = text(download.get("contentUrl"));
          if (contentUrl != null) {
            String url = URI.create(siteUrl).resolve(contentUrl.trim()).toString();
            found.putIfAbsent(url, new FeedLink(url, text(download.get("additionalType"))));
          }
        }
      }
    }
    if (!sawDataset) {
      throw new FetchException("no JSON-LD Dataset in dataset site " + siteUrl);
    }
    return new ArrayList<>(found.values());
  }

  private static List<JsonNode> datasets(JsonNode root) {
    List<JsonNode> datasets = new ArrayList<>();
    if (root.isArray()) {
      root.forEach(node -> datasets.addAll(datasets(node)));
    } else if (root.isObject()) {
      if (isDataset(root)) {
        datasets.add(root);
      }
      JsonNode graph = root.get("@graph");
      if (graph != null) {
        datasets.addAll(datasets(graph));
      }
    }
    return datasets;
  }

  private static boolean isDataset(JsonNode node) {
    JsonNode type = node.has("@type") ? node.get("@type") : node.get("type");
    if (type == null) {
      return node.has("distribution");
    }
    for (JsonNode t : type.isArray() ? type : List.of(type)) {
      String name = t.asText();
      if (name.equals("Dataset") || name.endsWith("/Dataset") || name.endsWith(":Dataset")) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable String text(@Nullable JsonNode node) {
    return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }

  /**
   * One feed of a dataset site.
   *
   * @param url the feed's {@code contentUrl}
   * @param additionalType the kind of data, e.g. {@code https://openactive.io/SessionSeries}
   */
  public record FeedLink(String url, @Nullable String additionalType) {}
}
