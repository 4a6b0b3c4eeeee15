package dev.activityfhir.server.referral.store;

import dev.activityfhir.server.referral.store.SearchQuery.Criterion;
import dev.activityfhir.server.referral.store.SearchQuery.DateMatch;
import dev.activityfhir.server.referral.store.SearchQuery.Match;
import dev.activityfhir.server.referral.store.SearchQuery.PrefixMatch;
import dev.activityfhir.server.referral.store.SearchQuery.TokenMatch;
import dev.activityfhir.server.audit.AuditRecord;
import dev.activityfhir.server.audit.AuditTrail;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The resource store on the service's database (tables of migration {@code V3__referral_store.sql}); the same SQL
 * runs on H2 in PostgreSQL mode and on PostgreSQL.
 */
public final class JdbcResourceStore implements ResourceStore {

  private static final String COLUMNS = "r.res_type, r.res_id, r.version, r.last_updated_ms, r.json";

  /** SQLSTATE of a unique or primary key violation, on H2 and PostgreSQL alike. */
  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;
  private final @Nullable AuditTrail auditTrail;

  /** A store whose transactions record their writes in {@code auditTrail}, on their own connection. */
  public JdbcResourceStore(DataSource dataSource, AuditTrail auditTrail) {
    this.dataSource = dataSource;
    this.auditTrail = auditTrail;
  }

  /** A store without an audit trail (its writes' audit records are dropped): for the store's own tests. */
  public JdbcResourceStore(DataSource dataSource) {
    this.auditTrail = null;
    this.dataSource = dataSource;
  }

  @Override
  public Optional<StoredResource> read(String type, String id) {
    return withConnection(c -> new Session(c, auditTrail).read(type, id));
  }

  @Override
  public boolean visibleTo(String type, String id, String organization) {
    return withConnection(c -> new Session(c, auditTrail).visibleTo(type, id, organization));
  }

  @Override
  public List<StoredResource> search(SearchQuery query) {
    return withConnection(c -> new Session(c, auditTrail).search(query));
  }

  @Override
  public long count(SearchQuery query) {
    return withConnection(c -> new Session(c, auditTrail).count(query));
  }

  @Override
  public Optional<StoredResource> vread(String type, String id, long version) {
    return withConnection(
        c -> {
          List<StoredResource> found =
              list(
                  c,
                  "SELECT " + COLUMNS + " FROM referral_resource_version r"
                      + " WHERE r.res_type = ? AND r.res_id = ? AND r.version = ?",
                  List.of(type, id, version));
          return found.stream().findFirst();
        });
  }

  @Override
  public List<StoredResource> history(String type, String id) {
    return withConnection(
        c ->
            list(
                c,
                "SELECT " + COLUMNS + " FROM referral_resource_version r"
                    + " WHERE r.res_type = ? AND r.res_id = ? ORDER BY r.version DESC",
                List.of(type, id)));
  }

  @Override
  public <T> T inTransaction(Function<Transaction, T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.apply(new Session(connection, auditTrail));
        connection.commit();
        return result;
      } catch (RuntimeException | Error e) {
        rollback(connection, e);
        throw e;
      } catch (SQLException e) {
        rollback(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new ResourceStoreException("Referral store transaction failed", e);
    }
  }

  private static void rollback(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  private <T> T withConnection(SqlWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.apply(connection);
    } catch (SQLException e) {
      throw new ResourceStoreException("Referral store read failed", e);
    }
  }

  /** Reads and writes on one connection (inside a transaction when autocommit is off). */
  private static final class Session implements Transaction {
    private final Connection connection;
    private final @Nullable AuditTrail auditTrail;

    Session(Connection connection, @Nullable AuditTrail auditTrail) {
      this.connection = connection;
      this.auditTrail = auditTrail;
    }

    @Override
    public void audit(AuditRecord record) {
      if (auditTrail == null) {
        return;
      }
      try {
        auditTrail.record(connection, record);
      } catch (SQLException e) {
        throw new ResourceStoreException("Cannot record the audit event", e);
      }
    }

    @Override
    public Optional<StoredResource> read(String type, String id) {
      return unchecked(
          () ->
              list(
                      connection,
                      "SELECT " + COLUMNS + " FROM referral_resource r WHERE r.res_type = ? AND r.res_id = ?",
                      List.of(type, id))
                  .stream()
                  .findFirst());
    }

    @Override
    public boolean visibleTo(String type, String id, String organization) {
      return unchecked(
          () -> {
            try (PreparedStatement statement =
                connection.prepareStatement(
                    "SELECT 1 FROM referral_access WHERE res_type = ? AND res_id = ? AND organization = ?")) {
              bind(statement, List.of(type, id, organization));
              try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
              }
            }
          });
    }

    @Override
    public List<StoredResource> search(SearchQuery query) {
      return unchecked(
          () -> {
            List<Object> args = new ArrayList<>();
            String where = where(query, args);
            String order = orderBy(query, args);
            args.add(query.limit());
            args.add(query.offset());
            return list(
                connection,
                "SELECT " + COLUMNS + " FROM referral_resource r WHERE " + where + " ORDER BY " + order
                    + " LIMIT ? OFFSET ?",
                args);
          });
    }

    @Override
    public long count(SearchQuery query) {
      return unchecked(
          () -> {
            List<Object> args = new ArrayList<>();
            String where = where(query, args);
            try (PreparedStatement statement =
                connection.prepareStatement("SELECT COUNT(*) FROM referral_resource r WHERE " + where)) {
              bind(statement, args);
              try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
              }
            }
          });
    }

    @Override
    public void create(StoredResource resource, List<IndexValue> index) {
      if (resource.version() != 1) {
        throw new IllegalArgumentException("a created resource is version 1");
      }
      unchecked(
          () -> {
            if (read(resource.type(), resource.id()).isPresent()) {
              throw new VersionConflict(resource.reference() + " already exists");
            }
            execute(
                "INSERT INTO referral_resource (res_type, res_id, version, last_updated_ms, json)"
                    + " VALUES (?, ?, ?, ?, ?)",
                List.of(
                    resource.type(),
                    resource.id(),
                    resource.version(),
                    resource.lastUpdated().toEpochMilli(),
                    resource.json()));
            writeVersionAndIndex(resource, index);
            return null;
          });
    }

    @Override
    public void update(StoredResource resource, List<IndexValue> index) {
      unchecked(
          () -> {
            int updated =
                execute(
                    "UPDATE referral_resource SET version = ?, last_updated_ms = ?, json = ?"
                        + " WHERE res_type = ? AND res_id = ? AND version = ?",
                    List.of(
                        resource.version(),
                        resource.lastUpdated().toEpochMilli(),
                        resource.json(),
                        resource.type(),
                        resource.id(),
                        resource.version() - 1));
            if (updated != 1) {
              throw new VersionConflict(
                  resource.reference() + " is not at version " + (resource.version() - 1));
            }
            execute(
                "DELETE FROM referral_search_index WHERE res_type = ? AND res_id = ?",
                List.of(resource.type(), resource.id()));
            writeVersionAndIndex(resource, index);
            return null;
          });
    }

    @Override
    public void claimIdentifiers(
        String type, String id, boolean created, String organization, List<UniqueIdentifier> identifiers) {
      unchecked(
          () -> {
            if (!created) {
              execute("DELETE FROM referral_identifier WHERE res_type = ? AND res_id = ?", List.of(type, id));
            }
            for (UniqueIdentifier identifier : identifiers) {
              try {
                execute(
                    "INSERT INTO referral_identifier (organization, res_type, sys, val, res_id) VALUES (?, ?, ?, ?, ?)",
                    List.of(organization, type, identifier.system(), identifier.value(), id));
              } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                  throw new DuplicateIdentifier(type, identifier);
                }
                throw e;
              }
            }
            return null;
          });
    }

    @Override
    public Optional<String> identifierHolder(String type, String organization, UniqueIdentifier identifier) {
      return unchecked(
          () -> {
            try (PreparedStatement statement =
                connection.prepareStatement(
                    "SELECT res_id FROM referral_identifier WHERE organization = ? AND res_type = ? AND sys = ?"
                        + " AND val = ?")) {
              bind(statement, List.of(organization, type, identifier.system(), identifier.value()));
              try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
              }
            }
          });
    }

    @Override
    public void grant(String type, String id, String organization) {
      unchecked(
          () -> {
            // Two referrals for one Patient may grant it at the same moment: the second insert is no error.
            execute(
                "INSERT INTO referral_access (res_type, res_id, organization) VALUES (?, ?, ?)"
                    + " ON CONFLICT DO NOTHING",
                List.of(type, id, organization));
            return null;
          });
    }

    private void writeVersionAndIndex(StoredResource resource, List<IndexValue> index) throws SQLException {
      execute(
          "INSERT INTO referral_resource_version (res_type, res_id, version, last_updated_ms, json)"
              + " VALUES (?, ?, ?, ?, ?)",
          List.of(
              resource.type(),
              resource.id(),
              resource.version(),
              resource.lastUpdated().toEpochMilli(),
              resource.json()));
      if (index.isEmpty()) {
        return;
      }
      try (PreparedStatement statement =
          connection.prepareStatement(
              "INSERT INTO referral_search_index (res_type, res_id, param, sys, val, low, high)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (IndexValue value : index) {
          statement.setString(1, resource.type());
          statement.setString(2, resource.id());
          statement.setString(3, value.param());
          setNullableString(statement, 4, value.system());
          setNullableString(statement, 5, value.value());
          boolean date = value.value() == null;
          if (date) {
            statement.setLong(6, value.low());
            statement.setLong(7, value.high());
          } else {
            statement.setNull(6, Types.BIGINT);
            statement.setNull(7, Types.BIGINT);
          }
          statement.addBatch();
        }
        statement.executeBatch();
      }
    }

    private int execute(String sql, List<Object> args) throws SQLException {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        bind(statement, args);
        return statement.executeUpdate();
      }
    }

    private interface SqlCall<T> {
      T call() throws SQLException;
    }

    private static <T> T unchecked(SqlCall<T> call) {
      try {
        return call.call();
      } catch (SQLException e) {
        throw new ResourceStoreException("Referral store statement failed", e);
      }
    }
  }

  /** The WHERE clause of a query over {@code referral_resource r}, its arguments appended to args. */
  private static String where(SearchQuery query, List<Object> args) {
    StringBuilder sql = new StringBuilder("r.res_type = ?");
    args.add(query.type());
    if (query.visibleTo() != null) {
      sql.append(
          " AND EXISTS (SELECT 1 FROM referral_access a WHERE a.res_type = r.res_type AND a.res_id = r.res_id"
              + " AND a.organization = ?)");
      args.add(query.visibleTo());
    }
    for (Criterion criterion : query.criteria()) {
      sql.append(" AND ");
      switch (criterion.param()) {
        case SearchQuery.ID -> sql.append(columnMatches(criterion, "r.res_id", args));
        case SearchQuery.LAST_UPDATED -> sql.append(columnMatches(criterion, "r.last_updated_ms", args));
        default -> {
          // An uncorrelated IN, not a correlated EXISTS: H2 then looks the few matching ids up through the
          // index on (res_type, param, val) instead of testing every resource of the type.
          sql.append(
              "r.res_id IN (SELECT i.res_id FROM referral_search_index i WHERE i.res_type = ?"
                  + " AND i.param = ? AND (");
          args.add(query.type());
          args.add(criterion.param());
          List<String> alternatives = new ArrayList<>();
          for (Match match : criterion.anyOf()) {
            alternatives.add(indexMatches(match, args));
          }
          sql.append(String.join(" OR ", alternatives)).append("))");
        }
      }
    }
    return sql.toString();
  }

  /** A criterion on a column of the resource row: ids by token, last-updated by date. */
  private static String columnMatches(Criterion criterion, String column, List<Object> args) {
    List<String> alternatives = new ArrayList<>();
    for (Match match : criterion.anyOf()) {
      if (match instanceof TokenMatch token) {
        alternatives.add(column + " = ?");
        args.add(token.code());
      } else if (match instanceof DateMatch date) {
        alternatives.add(dateMatches(date, column, column, args));
      } else {
        alternatives.add(column + " LIKE ? ESCAPE '\\'");
        args.add(likePrefix(((PrefixMatch) match).text()));
      }
    }
    return "(" + String.join(" OR ", alternatives) + ")";
  }

  private static String indexMatches(Match match, List<Object> args) {
    if (match instanceof TokenMatch token) {
      args.add(token.code());
      String system = token.system();
      if (system == null) {
        return "i.val = ?";
      }
      if (system.isEmpty()) {
        return "(i.val = ? AND i.sys IS NULL)";
      }
      args.add(system);
      return "(i.val = ? AND i.sys = ?)";
    }
    if (match instanceof PrefixMatch prefix) {
      args.add(likePrefix(prefix.text()));
      return "i.val LIKE ? ESCAPE '\\'";
    }
    return "(i.val IS NULL AND " + dateMatches((DateMatch) match, "i.low", "i.high", args) + ")";
  }

  /** FHIR date prefixes over a stored range [low, high] against the searched range (both inclusive). */
  private static String dateMatches(DateMatch date, String low, String high, List<Object> args) {
    long sLow = date.low();
    long sHigh = date.high();
    return switch (date.prefix()) {
      case EQ -> bind(args, "(" + low + " >= ? AND " + high + " <= ?)", sLow, sHigh);
      case NE -> bind(args, "NOT (" + low + " >= ? AND " + high + " <= ?)", sLow, sHigh);
      case GT -> bind(args, high + " > ?", sHigh);
      case LT -> bind(args, low + " < ?", sLow);
      case GE -> bind(args, high + " >= ?", sLow);
      case LE -> bind(args, low + " <= ?", sHigh);
      case SA -> bind(args, low + " > ?", sHigh);
      case EB -> bind(args, high + " < ?", sLow);
      case AP -> {
        // Approximately: the ranges overlap once the searched one is widened by a tenth of its width and a day.
        long margin = (sHigh - sLow) / 10 + 86_400_000L;
        yield bind(args, "(" + low + " <= ? AND " + high + " >= ?)", sHigh + margin, sLow - margin);
      }
    };
  }

  private static String bind(List<Object> args, String sql, long... values) {
    for (long value : values) {
      args.add(value);
    }
    return sql;
  }

  private static String orderBy(SearchQuery query, List<Object> args) {
    String direction = query.sort().descending() ? " DESC" : " ASC";
    if (query.sort().param().equals(SearchQuery.LAST_UPDATED)) {
      return "r.last_updated_ms" + direction + ", r.res_id" + direction;
    }
    args.add(query.sort().param());
    String aggregate = query.sort().descending() ? "MAX(s.high)" : "MIN(s.low)";
    return "(SELECT " + aggregate + " FROM referral_search_index s WHERE s.res_type = r.res_type"
        + " AND s.res_id = r.res_id AND s.param = ? AND s.val IS NULL)" + direction + " NULLS LAST, r.res_id"
        + direction;
  }

  private static String likePrefix(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private static List<StoredResource> list(Connection connection, String sql, List<?> args)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, args);
      try (ResultSet rows = statement.executeQuery()) {
        List<StoredResource> found = new ArrayList<>();
        while (rows.next()) {
          found.add(
              new StoredResource(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getLong(3),
                  Instant.ofEpochMilli(rows.getLong(4)),
                  rows.getString(5)));
        }
        return found;
      }
    }
  }

  private static void bind(PreparedStatement statement, List<?> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object arg = args.get(i);
      if (arg instanceof Long number) {
        statement.setLong(i + 1, number);
      } else if (arg instanceof Integer number) {
        statement.setInt(i + 1, number);
      } else {
        statement.setString(i + 1, (String) arg);
      }
    }
  }

  private static void setNullableString(PreparedStatement statement, int index, @Nullable String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }
}
