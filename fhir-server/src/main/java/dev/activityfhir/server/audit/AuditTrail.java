package dev.activityfhir.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The referral side's audit trail in the {@code audit_event} table. A write is recorded on the write's own
 * connection, so that it commits or rolls back with it ({@link #record(Connection, AuditRecord)}); reads, searches
 * and refusals are recorded in a transaction of their own ({@link #record(AuditRecord)}).
 */
public final class AuditTrail {

  private static final String COLUMNS =
      "id, recorded_ms, client_id, organization, interaction, resource_type, resource_id, http_status, outcome,"
          + " detail";

  private final DataSource dataSource;
  private final Clock clock;

  public AuditTrail(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /**
   * Records {@code record} on {@code connection}, inside the caller's transaction: it is kept only if that commits.
   *
   * @return the new AuditEvent's id
   */
  public String record(Connection connection, AuditRecord record) throws SQLException {
    String id = UUID.randomUUID().toString();
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO audit_event (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, id);
      insert.setLong(2, clock.millis());
      insert.setString(3, record.clientId());
      setNullable(insert, 4, record.organization());
      insert.setString(5, record.interaction().name());
      setNullable(insert, 6, record.resourceType());
      setNullable(insert, 7, record.resourceId());
      insert.setInt(8, record.httpStatus());
      insert.setString(9, record.outcome());
      setNullable(insert, 10, record.detail());
      insert.executeUpdate();
    }
    return id;
  }

  /**
   * Records {@code record} in a transaction of its own.
   *
   * @return the new AuditEvent's id
   * @throws AuditException when it cannot be stored
   */
  public String record(AuditRecord record) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      return record(connection, record);
    } catch (SQLException e) {
      throw new AuditException("Cannot record an audit event", e);
    }
  }

  /** The audit event {@code id}, if recorded. */
  public Optional<StoredAuditEvent> read(String id) {
    List<StoredAuditEvent> found =
        query("SELECT " + COLUMNS + " FROM audit_event WHERE id = ?", List.of(id));
    return found.stream().findFirst();
  }

  /** The events matching {@code query}, newest first. */
  public List<StoredAuditEvent> search(AuditQuery query) {
    List<Object> args = new ArrayList<>();
    String sql =
        "SELECT " + COLUMNS + " FROM audit_event" + where(query, args)
            + " ORDER BY recorded_ms DESC, seq DESC LIMIT ? OFFSET ?";
    args.add(query.count());
    args.add(query.offset());
    return query(sql, args);
  }

  /** How many events match {@code query} (its offset and count aside). */
  public long count(AuditQuery query) {
    List<Object> args = new ArrayList<>();
    String sql = "SELECT COUNT(*) FROM audit_event" + where(query, args);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, sql, args);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new AuditException("Cannot count audit events", e);
    }
  }

  private static String where(AuditQuery query, List<Object> args) {
    List<String> conditions = new ArrayList<>();
    if (query.fromMillis() != null) {
      conditions.add("recorded_ms >= ?");
      args.add(query.fromMillis());
    }
    if (query.toMillis() != null) {
      conditions.add("recorded_ms <= ?");
      args.add(query.toMillis());
    }
    if (query.organization() != null) {
      conditions.add("organization = ?");
      args.add(query.organization());
    }
    if (query.clientId() != null) {
      conditions.add("client_id = ?");
      args.add(query.clientId());
    }
    if (query.outcome() != null) {
      conditions.add("outcome = ?");
      args.add(query.outcome());
    }
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  private List<StoredAuditEvent> query(String sql, List<Object> args) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, sql, args);
        ResultSet rows = statement.executeQuery()) {
      List<StoredAuditEvent> events = new ArrayList<>();
      while (rows.next()) {
        events.add(
            new StoredAuditEvent(
                rows.getString(1),
                Instant.ofEpochMilli(rows.getLong(2)),
                new AuditRecord(
                    rows.getString(3),
                    rows.getString(4),
                    Interaction.valueOf(rows.getString(5)),
                    rows.getString(6),
                    rows.getString(7),
                    rows.getInt(8),
                    rows.getString(10))));
      }
      return events;
    } catch (SQLException e) {
      throw new AuditException("Cannot read audit events", e);
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, List<Object> args)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < args.size(); i++) {
      statement.setObject(i + 1, args.get(i));
    }
    return statement;
  }

  private static void setNullable(PreparedStatement statement, int index, @Nullable String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }
}
