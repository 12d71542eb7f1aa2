package io.rambla.cluster;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.rambla.config.ClusterConfig;
import io.rambla.status.PauseStore;
import io.rambla.status.PausedUnits;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Map;
import java.util.TreeMap;

/**
 * A cluster's pauses, in its database: a pause made through any daemon holds on every daemon
 * (each reads the table at the start of its syncs) and survives any daemon's restart.
 */
@Singleton
@Primary
@Requires(property = "rambla.cluster.enabled", value = "true")
public class ClusterPauseStore implements PauseStore {

    private static final long SCHEMA_LOCK = 0x72616d626c6170L;

    private final ClusterDatabase database;
    private final String cluster;

    public ClusterPauseStore(ClusterDatabase database, ClusterConfig config) throws SQLException {
        this(database, config.name());
    }

    ClusterPauseStore(ClusterDatabase database, String cluster) throws SQLException {
        this.database = database;
        this.cluster = cluster;
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            // Daemons starting together against an empty database would race to create the table.
            connection.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS rambla_paused_unit (
                      cluster_name VARCHAR(120)  NOT NULL,
                      unit_id      VARCHAR(400)  NOT NULL,
                      at           TIMESTAMPTZ   NOT NULL,
                      reason       TEXT,
                      PRIMARY KEY (cluster_name, unit_id))""");
            connection.commit();
        }
    }

    @Override
    public Map<String, PausedUnits.Pause> load() throws SQLException {
        Map<String, PausedUnits.Pause> pauses = new TreeMap<>();
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT unit_id, at, reason FROM rambla_paused_unit WHERE cluster_name = ?")) {
            select.setString(1, cluster);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    pauses.put(rs.getString(1), new PausedUnits.Pause(rs.getTimestamp(2).toInstant(), rs.getString(3)));
                }
            }
        }
        return pauses;
    }

    @Override
    public void put(String unitId, PausedUnits.Pause pause) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO rambla_paused_unit (cluster_name, unit_id, at, reason) VALUES (?, ?, ?, ?)
                        ON CONFLICT (cluster_name, unit_id) DO UPDATE SET at = EXCLUDED.at, reason = EXCLUDED.reason""")) {
            upsert.setString(1, cluster);
            upsert.setString(2, unitId);
            upsert.setTimestamp(3, Timestamp.from(pause.at()));
            upsert.setString(4, pause.reason());
            upsert.executeUpdate();
        }
    }

    @Override
    public void remove(String unitId) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM rambla_paused_unit WHERE cluster_name = ? AND unit_id = ?")) {
            delete.setString(1, cluster);
            delete.setString(2, unitId);
            delete.executeUpdate();
        }
    }

    @Override
    public String toString() {
        return "the cluster database";
    }
}
