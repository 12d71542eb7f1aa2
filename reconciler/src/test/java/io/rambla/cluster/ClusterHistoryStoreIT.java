package io.rambla.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.config.ClusterConfig;
import io.rambla.status.UnitHistory;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import io.rambla.support.Emulator;
import io.rambla.support.Postgres;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClusterHistoryStoreIT {

    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    private static UnitStatus status(String unit, UnitState state, String revision, String message, int second) {
        return new UnitStatus(unit, "app", "rambla-" + unit.replace('/', '-'), state, revision, null, message, T0.plusSeconds(second));
    }

    @Test
    void aRestartedDaemonFindsTheClustersHistory() throws Exception {
        Postgres.requireRunning();
        var config = new ClusterConfig(true, Postgres.JDBC_URL, Postgres.USER, Postgres.PASSWORD, Emulator.uniqueName("it-history"),
                Duration.ofSeconds(5));
        java.util.List<UnitHistory.Entry> kept;
        try (var database = ClusterDatabase.open(config)) {
            var history = new UnitHistory(new ClusterHistoryStore(database, config), 3);
            history.unitChanged("r1", status("app/shop/production", UnitState.APPLYING, "r1", null, 0));
            history.unitChanged("r1", status("app/shop/production", UnitState.FAILED, "r1", "it's \"broken\"\nreally", 7));
            for (int i = 2; i <= 4; i++) {
                history.unitChanged("r" + i, status("app/shop/production", UnitState.APPLIED, "r" + i, "1 modified", 10 * i));
            }
            history.unitChanged("r4", status("district/main", UnitState.APPLIED, "r4", null, 50));
            kept = history.of("app/shop/production");
            history.close();
        }
        // Another cluster in the same database keeps its own history.
        try (var database = ClusterDatabase.open(config)) {
            var other = new UnitHistory(new ClusterHistoryStore(database, config.name() + "-other"), 3);
            assertThat(other.of("app/shop/production")).isEmpty();
        }

        try (var database = ClusterDatabase.open(config)) {
            var restarted = new UnitHistory(new ClusterHistoryStore(database, config), 3);

            assertThat(restarted.of("app/shop/production")).isEqualTo(kept)
                    .extracting(UnitHistory.Entry::revision).containsExactly("r4", "r3", "r2");
            assertThat(restarted.of("district/main")).extracting(UnitHistory.Entry::state).containsExactly(UnitState.APPLIED);
            try (var connection = database.getConnection();
                    var count = connection.prepareStatement("SELECT count(*) FROM rambla_unit_history WHERE cluster_name = ?")) {
                count.setString(1, config.name());
                try (var rs = count.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(4);
                }
            }
        }
    }

    @Test
    void aTimedOperationKeepsItsDuration() throws Exception {
        Postgres.requireRunning();
        var config = new ClusterConfig(true, Postgres.JDBC_URL, Postgres.USER, Postgres.PASSWORD, Emulator.uniqueName("it-history"),
                Duration.ofSeconds(5));
        try (var database = ClusterDatabase.open(config)) {
            var history = new UnitHistory(new ClusterHistoryStore(database, config), 5);
            history.unitChanged("r1", status("district/main", UnitState.APPLYING, "r1", null, 0));
            history.unitChanged("r1", status("district/main", UnitState.APPLIED, "r1", "created", 95));
            history.close();

            var restarted = new UnitHistory(new ClusterHistoryStore(database, config), 5);
            assertThat(restarted.of("district/main")).extracting(UnitHistory.Entry::duration).containsExactly(Duration.ofSeconds(95));
        }
    }
}
