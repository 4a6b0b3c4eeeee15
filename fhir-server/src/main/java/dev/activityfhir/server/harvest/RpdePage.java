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
 */
public record RpdePage(String url, List<RpdeItem> items, String next, @Nullable String license) {

  public RpdePage {
    items = List.copyOf(items);
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
