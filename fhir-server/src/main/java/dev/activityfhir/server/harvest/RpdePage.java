package dev.activityfhir.server.harvest;

import dev.activityfhir.server.store.RpdeItem;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One RPDE page as read.
 *
 * @param url the URL it was fetched from
 * @param items its items, in page order
 * @param next the absolute URL of the next page (equal to {@code url} on the last page)
 * @param license the feed's licence URL, when given
 * @param malformedItems why each item left out was left out: malformed at the RPDE level (no id, state or
 *     modified, or an update without a data object), so it cannot be stored; the rest of the page is read
 * @param itemsTooLarge items left out for passing the {@link ItemLimits}
 * @param stringsCut string values cut to the {@link ItemLimits} in the items kept
 */
public record RpdePage(
    String url,
    List<RpdeItem> items,
    String next,
    @Nullable String license,
    List<String> malformedItems,
    int itemsTooLarge,
    int stringsCut) {

  public RpdePage {
    items = List.copyOf(items);
    malformedItems = List.copyOf(malformedItems);
  }

  /** A page of items within the limits. */
  public RpdePage(
      String url, List<RpdeItem> items, String next, @Nullable String license, List<String> malformedItems) {
    this(url, items, next, license, malformedItems, 0, 0);
  }

  /** A page without malformed items. */
  public RpdePage(String url, List<RpdeItem> items, String next, @Nullable String license) {
    this(url, items, next, license, List.of(), 0, 0);
  }

  /** True for the last page of a feed: no items and {@code next} pointing back at this page. */
  public boolean isLast() {
    return items.isEmpty() && pointsToItself();
  }

  /** True when {@code next} is this page's own URL. */
  public boolean pointsToItself() {
    return next.equals(url);
  }
}
