package io.rambla.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rambla.config.ClusterConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL database a cluster of daemons shares: a small connection pool, registered with
 * Quartz under a name of its own; Quartz's tables, created on first use; and the units' status as
 * the daemon that synced last saw it.
 */
public final class ClusterDatabase implements ConnectionProvider, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterDatabase.class);
    private static final String QUARTZ_TABLES = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    /** Serialises table creation when several daemons start against an empty database at once. */
    private static final long SCHEMA_LOCK = 0x72616d626c61L;

    private final HikariDataSource pool;
    private final String name;

    private ClusterDatabase(HikariDataSource pool, String name) {
        this.pool = pool;
        this.name = name;
    }

    /**
     * Connects, creates Quartz's tables when missing, and registers the pool with Quartz.
     *
     * @throws IllegalStateException when the database cannot be reached, with the driver's reason
     */
    public static ClusterDatabase open(ClusterConfig cluster) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(cluster.jdbcUrl());
        config.setUsername(cluster.username());
        config.setPassword(cluster.password());
        config.setPoolName("rambla-cluster");
        // Quartz's threads, its cluster check-in and misfire handler, a pull-request review holding
        // its lock, the status share, and one to spare.
        config.setMaximumPoolSize(QuartzSettings.THREADS + 5);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the cluster database " + cluster.jdbcUrl() + ": " + rootMessage(e), e);
        }
        ClusterDatabase database = new ClusterDatabase(pool, "rambla-" + UUID.randomUUID());
        try {
            database.createTablesIfMissing();
        } catch (SQLException | IOException | RuntimeException e) {
            pool.close();
            throw new IllegalStateException("cannot prepare the cluster database " + cluster.jdbcUrl() + ": " + rootMessage(e), e);
        }
        DBConnectionManager.getInstance().addConnectionProvider(database.name, database);
        return database;
    }

    /** The name Quartz knows this pool by ({@code org.quartz.jobStore.dataSource}). */
    public String dataSourceName() {
        return name;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void initialize() {}

    /** Called by Quartz when its scheduler shuts down; the pool outlives it, for the status share. */
    @Override
    public void shutdown() {}

    @Override
    public void close() {
        pool.close();
    }

    /** One row of Quartz's check-ins: a daemon, when it last checked in, and how often it does. */
    public record Checkin(String instanceId, Instant lastCheckin, Duration interval) {}

    /** The check-ins of the cluster's daemons, each stamped with its own daemon's clock, as Quartz keeps them. */
    public List<Checkin> checkins(String cluster) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        SELECT instance_name, last_checkin_time, checkin_interval
                        FROM qrtz_scheduler_state WHERE sched_name = ? ORDER BY instance_name""")) {
            statement.setString(1, cluster);
            List<Checkin> checkins = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    checkins.add(new Checkin(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), Duration.ofMillis(rs.getLong(3))));
                }
            }
            return checkins;
        }
    }

    /**
     * Runs {@code work} while holding a PostgreSQL advisory lock on {@code key}: across every daemon
     * sharing the database, one at a time. Waits for the lock as long as another daemon holds it.
     */
    public void runExclusively(long key, Runnable work) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, key);
                lock.execute();
            }
            try {
                work.run();
            } finally {
                try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, key);
                    unlock.execute();
                }
            }
        }
    }

    /**
     * What one daemon wrote for the whole cluster, with the database's clock; {@code units} is null
     * when the reader has nothing to take over.
     */
    public record SharedStatus(String writtenBy, Instant writtenAt, String units) {}

    public void writeStatus(String cluster, String writtenBy, String units) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO rambla_unit_status (cluster_name, written_by, written_at, units)
                        VALUES (?, ?, clock_timestamp(), ?)
                        ON CONFLICT (cluster_name) DO UPDATE
                        SET written_by = EXCLUDED.written_by, written_at = EXCLUDED.written_at, units = EXCLUDED.units""")) {
            statement.setString(1, cluster);
            statement.setString(2, writtenBy);
            statement.setString(3, units);
            statement.executeUpdate();
        }
    }

    public Optional<SharedStatus> readStatus(String cluster) throws SQLException {
        return readStatus(cluster, "", Instant.EPOCH);
    }

    /**
     * Who wrote the cluster's status and when; the units themselves only when another daemon than
     * {@code reader} wrote them after {@code adoptedUpTo}, since every daemon asks every few seconds.
     */
    public Optional<SharedStatus> readStatus(String cluster, String reader, Instant adoptedUpTo) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        SELECT written_by, written_at, CASE WHEN written_by <> ? AND written_at > ? THEN units END
                        FROM rambla_unit_status WHERE cluster_name = ?""")) {
            statement.setString(1, reader);
            statement.setObject(2, OffsetDateTime.ofInstant(adoptedUpTo, ZoneOffset.UTC));
            statement.setString(3, cluster);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SharedStatus(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)));
            }
        }
    }

    private void createTablesIfMissing() throws SQLException, IOException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
                boolean present;
                try (ResultSet rs = statement.executeQuery("SELECT to_regclass('qrtz_locks') IS NOT NULL")) {
                    present = rs.next() && rs.getBoolean(1);
                }
                if (!present) {
                    for (String sql : createStatements(quartzScript())) {
                        statement.execute(sql);
                    }
                    LOG.info("created Quartz's tables in the cluster database");
                }
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS rambla_unit_status (
                          cluster_name VARCHAR(120) PRIMARY KEY,
                          written_by   VARCHAR(200) NOT NULL,
                          written_at   TIMESTAMPTZ  NOT NULL,
                          units        TEXT         NOT NULL)""");
            }
            connection.commit();
        }
    }

    private static String quartzScript() throws IOException {
        try (InputStream in = ClusterDatabase.class.getResourceAsStream(QUARTZ_TABLES)) {
            if (in == null) {
                throw new IOException("Quartz's PostgreSQL table script is not on the class path: " + QUARTZ_TABLES);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The script Quartz ships for its own version, without its comments, its DROP statements (the
     * tables are missing, and dropping must never happen to a live cluster) and its COMMIT.
     */
    static List<String> createStatements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : withoutComments.toString().split(";")) {
            String sql = statement.strip();
            String upper = sql.toUpperCase(Locale.ROOT);
            if (!sql.isEmpty() && !upper.startsWith("DROP ") && !upper.equals("COMMIT")) {
                statements.add(sql);
            }
        }
        return statements;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
