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
 */
public record RpdePage(
    String url, List<RpdeItem> items, String next, @Nullable String license, List<String> malformedItems) {

  public RpdePage {
    items = List.copyOf(items);
    malformedItems = List.copyOf(malformedItems);
  }

  /** A page without malformed items. */
  public RpdePage(String url, List<RpdeItem> items, String next, @Nullable String license) {
    this(url, items, next, license, List.of());
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
