package io.rambla.cluster;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.rambla.config.ClusterConfig;
import io.rambla.status.HistoryStore;
import io.rambla.status.UnitHistory;
import io.rambla.status.UnitState;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster's history, in its database: every daemon appends the operations it ran and reads the
 * whole cluster's back on start, so the history survives any daemon's restart and follows the
 * sync from one daemon to another. Each unit keeps its newest entries; older rows are deleted as
 * new ones arrive.
 */
@Singleton
@Primary
@Requires(property = "rambla.cluster.enabled", value = "true")
public class ClusterHistoryStore implements HistoryStore {

    private static final long SCHEMA_LOCK = 0x72616d626c6168L;

    private final ClusterDatabase database;
    private final String cluster;

    public ClusterHistoryStore(ClusterDatabase database, ClusterConfig config) throws SQLException {
        this(database, config.name());
    }

    ClusterHistoryStore(ClusterDatabase database, String cluster) throws SQLException {
        this.database = database;
        this.cluster = cluster;
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            // Daemons starting together against an empty database would race to create the table.
            connection.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS rambla_unit_history (
                      id           BIGSERIAL     PRIMARY KEY,
                      cluster_name VARCHAR(120)  NOT NULL,
                      unit_id      VARCHAR(400)  NOT NULL,
                      at           TIMESTAMPTZ   NOT NULL,
                      state        VARCHAR(40)   NOT NULL,
                      revision     VARCHAR(100),
                      message      TEXT,
                      duration_ms  BIGINT)""");
            statement.execute("CREATE INDEX IF NOT EXISTS rambla_unit_history_unit ON rambla_unit_history (cluster_name, unit_id, id)");
            connection.commit();
        }
    }

    @Override
    public void append(String unitId, UnitHistory.Entry entry, int perUnit) throws SQLException {
        try (Connection connection = database.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO rambla_unit_history (cluster_name, unit_id, at, state, revision, message, duration_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setString(1, cluster);
                insert.setString(2, unitId);
                insert.setTimestamp(3, Timestamp.from(entry.at()));
                insert.setString(4, entry.state().name());
                insert.setString(5, entry.revision());
                insert.setString(6, entry.message());
                if (entry.duration() == null) {
                    insert.setNull(7, Types.BIGINT);
                } else {
                    insert.setLong(7, entry.duration().toMillis());
                }
                insert.executeUpdate();
            }
            try (PreparedStatement trim = connection.prepareStatement("""
                    DELETE FROM rambla_unit_history WHERE cluster_name = ? AND unit_id = ? AND id NOT IN (
                      SELECT id FROM rambla_unit_history WHERE cluster_name = ? AND unit_id = ? ORDER BY id DESC LIMIT ?)""")) {
                trim.setString(1, cluster);
                trim.setString(2, unitId);
                trim.setString(3, cluster);
                trim.setString(4, unitId);
                trim.setInt(5, perUnit);
                trim.executeUpdate();
            }
        }
    }

    @Override
    public Map<String, List<UnitHistory.Entry>> load(int perUnit) throws SQLException {
        Map<String, List<UnitHistory.Entry>> units = new LinkedHashMap<>();
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT unit_id, at, state, revision, message, duration_ms FROM (
                          SELECT h.*, row_number() OVER (PARTITION BY unit_id ORDER BY id DESC) AS n
                          FROM rambla_unit_history h WHERE cluster_name = ?) newest
                        WHERE n <= ? ORDER BY unit_id, id DESC""")) {
            select.setString(1, cluster);
            select.setInt(2, perUnit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    UnitState state;
                    try {
                        state = UnitState.valueOf(rs.getString(3));
                    } catch (IllegalArgumentException e) {
                        continue; // written by a newer daemon that knows a state this one does not
                    }
                    long millis = rs.getLong(6);
                    Duration duration = rs.wasNull() ? null : Duration.ofMillis(millis);
                    units.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new UnitHistory.Entry(
                            rs.getTimestamp(2).toInstant(), state, rs.getString(4), rs.getString(5), duration));
                }
            }
        }
        return units;
    }

    @Override
    public String toString() {
        return "the cluster database";
    }
}
