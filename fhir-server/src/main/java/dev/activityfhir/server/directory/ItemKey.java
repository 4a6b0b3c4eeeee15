package dev.activityfhir.server.directory;

/**
 * An item's identity: its feed and RPDE id. A {@link ChildNode} is its own key, so that the hundreds of
 * thousands of children cost no key objects of their own.
 */
class ItemKey {
  final String feedUrl;
  final String rpdeId;

  ItemKey(String feedUrl, String rpdeId) {
    this.feedUrl = feedUrl;
    this.rpdeId = rpdeId;
  }

  @Override
  public final boolean equals(Object other) {
    return other instanceof ItemKey key && rpdeId.equals(key.rpdeId) && feedUrl.equals(key.feedUrl);
  }

  @Override
  public final int hashCode() {
    return 31 * feedUrl.hashCode() + rpdeId.hashCode();
  }
}
