package dev.activityfhir.server.harvest;

/**
 * Bounds on one harvested item, so that a hostile or broken feed cannot make the store and every response carry
 * megabytes per entry: a string value longer than {@code maxStringChars} is cut to that length (the item is kept:
 * a name or description cut short is still worth publishing); an item whose {@code data} JSON is longer than
 * {@code maxItemChars}, or which has a field name longer than {@code maxStringChars}, is left out. Both are
 * counted per feed in {@code /health}.
 *
 * @param maxStringChars the longest string value or field name kept whole ({@code FEED_MAX_STRING_CHARS})
 * @param maxItemChars the longest item {@code data} JSON kept ({@code FEED_MAX_ITEM_CHARS})
 */
public record ItemLimits(int maxStringChars, int maxItemChars) {

  /** 64 Ki characters per string, 1 Mi characters per item: far above real OpenActive data. */
  public static final ItemLimits DEFAULTS = new ItemLimits(65_536, 1_048_576);

  public ItemLimits {
    if (maxStringChars < 1 || maxItemChars < maxStringChars) {
      throw new IllegalArgumentException(
          "item limits must be positive with the item at least the string: " + maxStringChars + ", " + maxItemChars);
    }
  }
}
