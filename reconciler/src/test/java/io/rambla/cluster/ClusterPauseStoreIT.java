package io.rambla.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.config.ClusterConfig;
import io.rambla.status.PausedUnits;
import io.rambla.support.Emulator;
import io.rambla.support.Postgres;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cluster's pauses live in its database: they survive a restart and hold on every daemon. */
class ClusterPauseStoreIT {

    private static final Instant T0 = Instant.parse("2026-11-26T05:00:00Z");

    @Test
    void aRestartedDaemonKeepsTheClustersPausesAndAnotherDaemonSeesThem() throws Exception {
        Postgres.requireRunning();
        var config = new ClusterConfig(true, Postgres.JDBC_URL, Postgres.USER, Postgres.PASSWORD, Emulator.uniqueName("it-pauses"),
                Duration.ofSeconds(5));
        String hostile = "app/'; DROP TABLE rambla_paused_unit; --/production";
        try (var database = ClusterDatabase.open(config)) {
            var one = new PausedUnits(new ClusterPauseStore(database, config));
            var other = new PausedUnits(new ClusterPauseStore(database, config));
            one.pause("app/shop/production", "migrating", T0);
            one.pause("district/main", null, T0.plusSeconds(1));
            one.pause(hostile, "it's \"quoted\"", T0.plusSeconds(2));
            one.resume("district/main");

            other.refresh();
            assertThat(other.all()).containsOnlyKeys("app/shop/production", hostile);
        }
        // Another cluster in the same database has pauses of its own.
        try (var database = ClusterDatabase.open(config)) {
            assertThat(new PausedUnits(new ClusterPauseStore(database, config.name() + "-other")).all()).isEmpty();
        }

        try (var database = ClusterDatabase.open(config)) {
            var restarted = new PausedUnits(new ClusterPauseStore(database, config));

            assertThat(restarted.all()).isEqualTo(Map.of(
                    "app/shop/production", new PausedUnits.Pause(T0, "migrating"),
                    hostile, new PausedUnits.Pause(T0.plusSeconds(2), "it's \"quoted\"")));
        }
    }
}
