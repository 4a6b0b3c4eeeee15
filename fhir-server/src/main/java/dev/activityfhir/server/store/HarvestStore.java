package dev.activityfhir.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.mapping.ItemLinks;
import dev.activityfhir.mapping.OpenActiveMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The durable copy of harvesting: one checkpoint per feed and the latest state of every RPDE item, over JDBC
 * (H2 or PostgreSQL, schema from {@code db/migration}).
 *
 * <p>Thread-safe; pages of different feeds may be applied concurrently. Pages of one feed must be applied by one
 * caller at a time (one harvester per feed), which is what makes the read-then-write of {@link #applyPage} safe
 * without row locks.
 */
public final class HarvestStore {

  private static final String LIVE = "live";
  private static final String DELETED = "deleted";
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,19}");
  /** Keys looked up per {@code IN (...)} query; well below every driver's parameter limit. */
  private static final int LOOKUP_CHUNK = 500;

  private static final String ITEM_COLUMNS =
      "feed_url, rpde_id, modified, at_id, parent_at_id, data, harvested_at";

  private final DataSource dataSource;
  private final OpenActiveMapper mapper;
  private final ObjectMapper json = new ObjectMapper();
  private volatile @Nullable Boolean h2;

  /**
   * A store over {@code dataSource}, whose schema must already be migrated (see {@link Database}).
   *
   * @param mapper classifies items and reads their {@code @id} and parent link, the keys the store indexes
   */
  public HarvestStore(DataSource dataSource, OpenActiveMapper mapper) {
    this.dataSource = dataSource;
    this.mapper = mapper;
  }

  /**
   * Applies one RPDE page and moves the feed's checkpoint to {@code nextUrl}, in one transaction.
   *
   * <p>An {@code updated} item replaces the stored version only when its {@code modified} is greater than or
   * equal to the stored one (compared as numbers when both are integers, else as text); a {@code deleted} item
   * leaves a tombstone carrying its {@code modified}, so an older {@code updated} seen later is ignored. When an
   * id occurs twice in the page, the version with the greatest {@code modified} wins.
   *
   * <p>An item's parsed {@link RpdeItem#data() data}, when carried, is used as it is (its text is parsed only
   * when it is absent) and handed on, read-only, in the returned {@link StoredItem}s.
   *
   * @return what actually changed
   * @throws StoreException when the database fails; nothing is changed then
   */
  public AppliedChanges applyPage(
      String feedUrl, List<RpdeItem> items, String nextUrl, Instant harvestedAt) {
    return applyPage(feedUrl, items, nextUrl, null, harvestedAt);
  }

  /**
   * As {@link #applyPage(String, List, String, Instant)}, also remembering the feed's licence (when given) for
   * attribution after a restart.
   */
  public AppliedChanges applyPage(
      String feedUrl,
      List<RpdeItem> items,
      String nextUrl,
      @Nullable String license,
      Instant harvestedAt) {
    Map<String, RpdeItem> latest = new LinkedHashMap<>();
    for (RpdeItem item : items) {
      latest.merge(
          item.rpdeId(),
          item,
          (kept, later) -> compareModified(later.modified(), kept.modified()) >= 0 ? later : kept);
    }
    OffsetDateTime harvested = harvestedAt.atOffset(ZoneOffset.UTC);
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        AppliedChanges changes = apply(connection, feedUrl, latest, harvestedAt, harvested);
        saveCheckpoint(connection, feedUrl, nextUrl, license, harvested);
        long version = changes.isEmpty() ? version(connection) : bumpVersion(connection);
        connection.commit();
        return new AppliedChanges(changes.upserted(), changes.removed(), changes.liveCountDelta(), version);
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("applying a page of " + feedUrl + " failed", e);
    }
  }

  private AppliedChanges apply(
      Connection connection,
      String feedUrl,
      Map<String, RpdeItem> latest,
      Instant harvestedAt,
      OffsetDateTime harvested)
      throws SQLException {
    Map<String, Existing> existing = existing(connection, feedUrl, latest.keySet());
    List<StoredItem> upserted = new ArrayList<>();
    List<RemovedItem> removed = new ArrayList<>();
    int delta = 0;
    try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO harvested_item (feed_url, rpde_id, state, modified, modified_num, at_id,"
                    + " parent_at_id, data, harvested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE harvested_item SET state = ?, modified = ?, modified_num = ?, at_id = ?,"
                    + " parent_at_id = ?, data = ?, harvested_at = ? WHERE feed_url = ? AND rpde_id = ?")) {
      int inserts = 0;
      int updates = 0;
      for (RpdeItem item : latest.values()) {
        Existing stored = existing.get(item.rpdeId());
        if (stored != null && compareModified(item.modified(), stored.modified()) < 0) {
          continue; // an older version seen again later in the crawl
        }
        String state;
        String data;
        @Nullable ItemLinks links;
        if (item.deleted()) {
          state = DELETED;
          data = null;
          links = null;
          if (stored != null && stored.live()) {
            removed.add(new RemovedItem(feedUrl, item.rpdeId(), stored.atId(), stored.parentAtId()));
            delta--;
          }
        } else {
          state = LIVE;
          data = item.dataJson();
          if (data == null) {
            throw new IllegalArgumentException("updated item " + item.rpdeId() + " has no data");
          }
          JsonNode tree = item.data();
          if (tree == null) {
            tree = parse(data);
          }
          links = mapper.links(tree);
          upserted.add(
              new StoredItem(
                  feedUrl,
                  item.rpdeId(),
                  item.modified(),
                  links.atId(),
                  links.parentAtId(),
                  data,
                  harvestedAt,
                  tree));
          if (stored == null || !stored.live()) {
            delta++;
          }
        }
        if (stored == null) {
          insert.setString(1, feedUrl);
          insert.setString(2, item.rpdeId());
          setVersion(insert, 3, state, item.modified(), links, data, harvested);
          insert.addBatch();
          inserts++;
        } else {
          setVersion(update, 1, state, item.modified(), links, data, harvested);
          update.setString(8, feedUrl);
          update.setString(9, item.rpdeId());
          update.addBatch();
          updates++;
        }
      }
      if (inserts > 0) {
        insert.executeBatch();
      }
      if (updates > 0) {
        update.executeBatch();
      }
    }
    return new AppliedChanges(upserted, removed, delta, -1);
  }

  /**
   * The store's version: a counter bumped by every page that changed an item. Equal versions mean equal stored
   * items, which is what lets a snapshot of the published resources stand in for re-mapping them at start-up.
   */
  public long version() {
    try (Connection connection = dataSource.getConnection()) {
      return version(connection);
    } catch (SQLException e) {
      throw new StoreException("reading the store version failed", e);
    }
  }

  /**
   * A random identity given to this database the first time it is asked for, so that a snapshot taken of one
   * database is never mistaken for one of another that happens to have the same {@link #version()}.
   */
  public String storeId() {
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE store_version SET store_id = ? WHERE id = 1 AND store_id IS NULL")) {
        update.setString(1, UUID.randomUUID().toString());
        update.executeUpdate();
      }
      try (PreparedStatement select =
              connection.prepareStatement("SELECT store_id FROM store_version WHERE id = 1");
          ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          throw new SQLException("store_version has no row");
        }
        return rows.getString(1);
      }
    } catch (SQLException e) {
      throw new StoreException("reading the store identity failed", e);
    }
  }

  private static long version(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement("SELECT version FROM store_version WHERE id = 1");
        ResultSet rows = select.executeQuery()) {
      if (!rows.next()) {
        throw new SQLException("store_version has no row");
      }
      return rows.getLong(1);
    }
  }

  private static long bumpVersion(Connection connection) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE store_version SET version = version + 1 WHERE id = 1")) {
      update.executeUpdate();
    }
    return version(connection);
  }

  private Map<String, Existing> existing(
      Connection connection, String feedUrl, java.util.Collection<String> ids) throws SQLException {
    Map<String, Existing> found = new HashMap<>();
    if (isH2(connection)) {
      // H2 filters a long IN list row by row instead of probing the primary key; one probe per id is far faster
      // in-process.
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT rpde_id, state, modified, at_id, parent_at_id FROM harvested_item"
                  + " WHERE feed_url = ? AND rpde_id = ?")) {
        select.setString(1, feedUrl);
        for (String id : ids) {
          select.setString(2, id);
          readExisting(select, found);
        }
      }
      return found;
    }
    List<String> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
      String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT rpde_id, state, modified, at_id, parent_at_id FROM harvested_item"
                  + " WHERE feed_url = ? AND rpde_id IN ("
                  + marks
                  + ")")) {
        select.setString(1, feedUrl);
        for (int i = 0; i < chunk.size(); i++) {
          select.setString(i + 2, chunk.get(i));
        }
        readExisting(select, found);
      }
    }
    return found;
  }

  private static void readExisting(PreparedStatement select, Map<String, Existing> found)
      throws SQLException {
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        found.put(
            rows.getString(1),
            new Existing(
                LIVE.equals(rows.getString(2)),
                rows.getString(3),
                rows.getString(4),
                rows.getString(5)));
      }
    }
  }

  private boolean isH2(Connection connection) throws SQLException {
    Boolean h2 = this.h2;
    if (h2 == null) {
      h2 = connection.getMetaData().getDatabaseProductName().startsWith("H2");
      this.h2 = h2;
    }
    return h2;
  }

  private JsonNode parse(String dataJson) {
    try {
      return json.readTree(dataJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("item data is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void saveCheckpoint(
      Connection connection,
      String feedUrl,
      String nextUrl,
      @Nullable String license,
      OffsetDateTime at)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE feed_checkpoint SET next_url = ?, updated_at = ?, license = COALESCE(?, license)"
                + " WHERE feed_url = ?")) {
      update.setString(1, nextUrl);
      update.setObject(2, at);
      update.setString(3, license);
      update.setString(4, feedUrl);
      if (update.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO feed_checkpoint (feed_url, next_url, updated_at, license) VALUES (?, ?, ?, ?)")) {
      insert.setString(1, feedUrl);
      insert.setString(2, nextUrl);
      insert.setObject(3, at);
      insert.setString(4, license);
      insert.executeUpdate();
    }
  }

  /** The feed's checkpoint, if a page of it was ever applied. */
  public Optional<Checkpoint> checkpoint(String feedUrl) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT next_url, updated_at FROM feed_checkpoint WHERE feed_url = ?")) {
      select.setString(1, feedUrl);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Checkpoint(rows.getString(1), rows.getObject(2, OffsetDateTime.class).toInstant()));
      }
    } catch (SQLException e) {
      throw new StoreException("reading the checkpoint of " + feedUrl + " failed", e);
    }
  }

  /**
   * Streams every live item to {@code consumer}, without holding them all in memory: first the items that name
   * no parent (parents and stand-alone items), then the children grouped by parent (ordered by {@code
   * parentAtId}), so that the consumer can work parent by parent. Used once at start-up.
   */
  public void streamLiveItems(Consumer<StoredItem> consumer) {
    try (Connection connection = dataSource.getConnection()) {
      // PostgreSQL streams with a fetch size only inside a transaction.
      connection.setAutoCommit(false);
      try {
        streamQuery(connection, selectLive("parent_at_id IS NULL"), consumer);
        // The index on parent_at_id gives this order without sorting (H2 reads it in index order).
        streamQuery(
            connection, selectLive("parent_at_id IS NOT NULL") + " ORDER BY parent_at_id", consumer);
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw new StoreException("streaming the stored items failed", e);
    }
  }

  private static void streamQuery(Connection connection, String sql, Consumer<StoredItem> consumer)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setFetchSize(2000);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          consumer.accept(storedItem(rows));
        }
      }
    }
  }

  /** The SQL selecting the item columns of the live items that also satisfy {@code where}. */
  private static String selectLive(String where) {
    return "SELECT " + ITEM_COLUMNS + " FROM harvested_item WHERE state = '" + LIVE + "' AND " + where;
  }

  /** The live children (items whose {@code superEvent} or {@code facilityUse} is {@code parentAtId}). */
  public List<StoredItem> children(String parentAtId) {
    return query("parent_at_id = ?", parentAtId);
  }

  /**
   * The live item whose {@code data.@id} is {@code atId}. When several feeds publish the same {@code @id}, the
   * most recently harvested one.
   */
  public Optional<StoredItem> item(String atId) {
    List<StoredItem> found = query("at_id = ?", atId);
    return found.stream().max(java.util.Comparator.comparing(StoredItem::harvestedAt));
  }

  private List<StoredItem> query(String where, String value) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(selectLive(where))) {
      select.setString(1, value);
      List<StoredItem> found = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.add(storedItem(rows));
        }
      }
      return found;
    } catch (SQLException e) {
      throw new StoreException("querying items failed", e);
    }
  }

  /** Replaces the feeds remembered for a dataset site. */
  public void saveSourceFeeds(String sourceUrl, List<String> feedUrls) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM source_feed WHERE source_url = ?");
          PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO source_feed (source_url, feed_url) VALUES (?, ?)")) {
        delete.setString(1, sourceUrl);
        delete.executeUpdate();
        for (String feedUrl : new java.util.LinkedHashSet<>(feedUrls)) {
          insert.setString(1, sourceUrl);
          insert.setString(2, feedUrl);
          insert.addBatch();
        }
        insert.executeBatch();
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("saving the feeds of " + sourceUrl + " failed", e);
    }
  }

  /** The feeds last found on a dataset site, empty when it was never read. */
  public List<String> sourceFeeds(String sourceUrl) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT feed_url FROM source_feed WHERE source_url = ? ORDER BY feed_url")) {
      select.setString(1, sourceUrl);
      List<String> feeds = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          feeds.add(rows.getString(1));
        }
      }
      return feeds;
    } catch (SQLException e) {
      throw new StoreException("reading the feeds of " + sourceUrl + " failed", e);
    }
  }

  /** The licence URL last given by each feed that gave one. */
  public Map<String, String> licenses() {
    return readMap(
        "SELECT feed_url, license FROM feed_checkpoint WHERE license IS NOT NULL",
        ResultSet::getString,
        "reading licences failed");
  }

  /** The number of live items per feed, for feeds holding at least one. */
  public Map<String, Long> liveItemCounts() {
    return readMap(
        "SELECT feed_url, COUNT(*) FROM harvested_item WHERE state = '" + LIVE + "' GROUP BY feed_url",
        ResultSet::getLong,
        "counting items failed");
  }

  /** Runs a two-column query into a map from the first column (a string) to the second. */
  private <V> Map<String, V> readMap(String sql, ColumnReader<V> value, String failure) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql);
        ResultSet rows = select.executeQuery()) {
      Map<String, V> map = new HashMap<>();
      while (rows.next()) {
        map.put(rows.getString(1), value.read(rows, 2));
      }
      return map;
    } catch (SQLException e) {
      throw new StoreException(failure, e);
    }
  }

  /** Reads one column of the current row. */
  @FunctionalInterface
  private interface ColumnReader<V> {
    V read(ResultSet rows, int column) throws SQLException;
  }

  private static StoredItem storedItem(ResultSet rows) throws SQLException {
    return new StoredItem(
        rows.getString(1),
        rows.getString(2),
        rows.getString(3),
        rows.getString(4),
        rows.getString(5),
        rows.getString(6),
        rows.getObject(7, OffsetDateTime.class).toInstant());
  }

  /**
   * Sets the seven version columns (state, modified, modified_num, at_id, parent_at_id, data, harvested_at)
   * from parameter {@code first} on.
   */
  private static void setVersion(
      PreparedStatement statement,
      int first,
      String state,
      String modified,
      @Nullable ItemLinks links,
      @Nullable String data,
      OffsetDateTime harvested)
      throws SQLException {
    statement.setString(first, state);
    statement.setString(first + 1, modified);
    setModifiedNumber(statement, first + 2, modified);
    statement.setString(first + 3, links == null ? null : links.atId());
    statement.setString(first + 4, links == null ? null : links.parentAtId());
    statement.setString(first + 5, data);
    statement.setObject(first + 6, harvested);
  }

  private static void setModifiedNumber(PreparedStatement statement, int index, String modified)
      throws SQLException {
    Long number = asLong(modified);
    if (number != null) {
      statement.setLong(index, number);
    } else {
      statement.setNull(index, java.sql.Types.BIGINT);
    }
  }

  /**
   * Orders two RPDE {@code modified} values of one feed: numerically when both are integers (values reach 2^60,
   * so as longs), otherwise as text (ISO timestamps of one feed share a format).
   */
  static int compareModified(String a, String b) {
    Long left = asLong(a);
    Long right = asLong(b);
    if (left != null && right != null) {
      return Long.compare(left, right);
    }
    return a.compareTo(b);
  }

  private static @Nullable Long asLong(String text) {
    if (!INTEGER.matcher(text).matches()) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null; // 19 digits beyond Long.MAX_VALUE: compared as text
    }
  }

  private record Existing(
      boolean live, String modified, @Nullable String atId, @Nullable String parentAtId) {}
}
