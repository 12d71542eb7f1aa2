package io.rambla.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.config.ClusterConfig;
import io.rambla.support.Emulator;
import io.rambla.support.Postgres;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The cluster's database as two daemons share it: one set of tables, one lock between them. */
class ClusterDatabaseIT {

    private static ClusterConfig config() {
        return new ClusterConfig(true, Postgres.JDBC_URL, Postgres.USER, Postgres.PASSWORD, Emulator.uniqueName("it-db"), Duration.ofSeconds(5));
    }

    @Test
    void aSecondDaemonWaitsForTheFirstToLeaveAnExclusiveSection() throws Exception {
        Postgres.requireRunning();
        ClusterConfig cluster = config();
        long key = System.nanoTime();
        try (ClusterDatabase first = ClusterDatabase.open(cluster); ClusterDatabase second = ClusterDatabase.open(cluster)) {
            CountDownLatch firstInside = new CountDownLatch(1);
            CountDownLatch releaseFirst = new CountDownLatch(1);
            CountDownLatch secondInside = new CountDownLatch(1);
            var firstDone = CompletableFuture.runAsync(() -> run(first, key, () -> {
                firstInside.countDown();
                await(releaseFirst);
            }));
            assertThat(firstInside.await(10, TimeUnit.SECONDS)).isTrue();

            var secondDone = CompletableFuture.runAsync(() -> run(second, key, secondInside::countDown));

            assertThat(secondInside.await(1, TimeUnit.SECONDS)).as("second daemon inside while the first is").isFalse();
            releaseFirst.countDown();
            assertThat(secondInside.await(10, TimeUnit.SECONDS)).as("second daemon inside once the first left").isTrue();
            CompletableFuture.allOf(firstDone, secondDone).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void openingAgainstTablesAnotherDaemonCreatedKeepsThemAndTheirRows() throws Exception {
        Postgres.requireRunning();
        ClusterConfig cluster = config();
        try (ClusterDatabase first = ClusterDatabase.open(cluster)) {
            first.writeStatus(cluster.name(), "first", "[]");
        }
        try (ClusterDatabase second = ClusterDatabase.open(cluster)) {
            assertThat(second.readStatus(cluster.name())).hasValueSatisfying(shared -> assertThat(shared.writtenBy()).isEqualTo("first"));
        }
    }

    private static void run(ClusterDatabase database, long key, Runnable work) {
        try {
            database.runExclusively(key, work);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
