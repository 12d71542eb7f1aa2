package io.rambla.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.config.ClusterConfig;
import io.rambla.status.ApprovedUnits;
import io.rambla.support.Emulator;
import io.rambla.support.Postgres;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cluster's approvals live in its database: they survive a restart and reach every daemon. */
class ClusterApprovalStoreIT {

    private static final Instant T0 = Instant.parse("2026-11-26T05:00:00Z");
    private static final String A = "0123456789abcdef0123456789abcdef01234567";
    private static final String B = "fedcba9876543210fedcba9876543210fedcba98";

    @Test
    void aRestartedDaemonKeepsTheClustersApprovalsAndAnotherDaemonSeesThem() throws Exception {
        Postgres.requireRunning();
        var config = new ClusterConfig(true, Postgres.JDBC_URL, Postgres.USER, Postgres.PASSWORD, Emulator.uniqueName("it-approvals"),
                Duration.ofSeconds(5));
        String hostile = "app/'; DROP TABLE rambla_approved_unit; --/production";
        try (var database = ClusterDatabase.open(config)) {
            var one = new ApprovedUnits(new ClusterApprovalStore(database, config));
            var other = new ApprovedUnits(new ClusterApprovalStore(database, config));
            one.approve("district/main", A, T0);
            one.approve("district/main", B, T0.plusSeconds(1));
            one.approve(hostile, A, T0.plusSeconds(2));

            assertThat(other.approved("district/main", B)).as("not read yet").isFalse();
            other.refresh();
            assertThat(other.approved("district/main", B)).isTrue();
            assertThat(other.approved(hostile, A)).isTrue();
        }
        // Another cluster in the same database has approvals of its own.
        try (var database = ClusterDatabase.open(config)) {
            assertThat(new ApprovedUnits(new ClusterApprovalStore(database, config.name() + "-other")).all()).isEmpty();
        }

        try (var database = ClusterDatabase.open(config)) {
            var restarted = new ApprovedUnits(new ClusterApprovalStore(database, config));

            assertThat(restarted.all()).isEqualTo(Map.of(
                    "district/main", new ApprovedUnits.Approved(B, T0.plusSeconds(1)),
                    hostile, new ApprovedUnits.Approved(A, T0.plusSeconds(2))));
        }
    }
}
