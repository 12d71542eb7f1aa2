package io.rambla.cluster;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.rambla.config.ClusterConfig;
import io.rambla.status.ApprovalStore;
import io.rambla.status.ApprovedUnits;
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
 * A cluster's approvals, in its database beside its pauses: an approval made through any daemon
 * reaches the one that applies (each reads the table at the start of its syncs) and survives any
 * daemon's restart.
 */
@Singleton
@Primary
@Requires(property = "rambla.cluster.enabled", value = "true")
public class ClusterApprovalStore implements ApprovalStore {

    /** Not the pause table's lock: each store creates its own table. */
    private static final long SCHEMA_LOCK = 0x72616d626c6161L;

    private final ClusterDatabase database;
    private final String cluster;

    public ClusterApprovalStore(ClusterDatabase database, ClusterConfig config) throws SQLException {
        this(database, config.name());
    }

    ClusterApprovalStore(ClusterDatabase database, String cluster) throws SQLException {
        this.database = database;
        this.cluster = cluster;
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            // Daemons starting together against an empty database would race to create the table.
            connection.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS rambla_approved_unit (
                      cluster_name VARCHAR(120)  NOT NULL,
                      unit_id      VARCHAR(400)  NOT NULL,
                      revision     VARCHAR(64)   NOT NULL,
                      at           TIMESTAMPTZ   NOT NULL,
                      PRIMARY KEY (cluster_name, unit_id))""");
            connection.commit();
        }
    }

    @Override
    public Map<String, ApprovedUnits.Approved> load() throws SQLException {
        Map<String, ApprovedUnits.Approved> approvals = new TreeMap<>();
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT unit_id, revision, at FROM rambla_approved_unit WHERE cluster_name = ?")) {
            select.setString(1, cluster);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    approvals.put(rs.getString(1), new ApprovedUnits.Approved(rs.getString(2), rs.getTimestamp(3).toInstant()));
                }
            }
        }
        return approvals;
    }

    @Override
    public void put(String unitId, ApprovedUnits.Approved approval) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO rambla_approved_unit (cluster_name, unit_id, revision, at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (cluster_name, unit_id) DO UPDATE SET revision = EXCLUDED.revision, at = EXCLUDED.at""")) {
            upsert.setString(1, cluster);
            upsert.setString(2, unitId);
            upsert.setString(3, approval.revision());
            upsert.setTimestamp(4, Timestamp.from(approval.at()));
            upsert.executeUpdate();
        }
    }

    @Override
    public String toString() {
        return "the cluster database";
    }
}
