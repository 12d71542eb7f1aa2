package io.rambla.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rambla.config.ClusterConfig;
import io.rambla.config.GitConfig;
import io.rambla.drift.watch.DriftSettings;
import io.rambla.drift.watch.DriftWatch;
import io.rambla.reconcile.Reconciler;
import io.rambla.source.Checkout;
import io.rambla.source.GitSource;
import io.rambla.source.SourceException;
import io.rambla.status.UnitStatusStore;
import io.rambla.supervise.Workers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyncSchedulerTest {

    private final HeldSource source = new HeldSource();
    private SyncScheduler scheduler;

    @AfterEach
    void stopScheduler() throws Exception {
        source.letEveryFetchThrough();
        if (scheduler != null) {
            scheduler.stop();
        }
    }

    @Test
    void pollsWaitUpToATenthOfTheIntervalBeforeSyncing() {
        assertThat(SyncScheduler.maxJitter(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theJitterNeverExceedsThirtySecondsHoweverLongTheInterval() {
        assertThat(SyncScheduler.maxJitter(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void requestsMadeDuringASyncAreServedByOneSyncAfterItThatFetchesTheNewestHead() throws Exception {
        source.head = "A";
        scheduler = start();
        await().until(() -> source.fetched.contains("A"));

        source.head = "B";
        scheduler.syncNow();
        source.head = "C";
        scheduler.syncNow();
        scheduler.syncNow();
        source.letEveryFetchThrough();
        await().until(() -> source.fetched.contains("C"));

        // A later request runs after anything still queued, so its fetch closes the count.
        source.head = "D";
        scheduler.syncNow();
        await().until(() -> source.fetched.contains("D"));
        assertThat(source.fetched).containsExactly("A", "C", "D");
    }

    @Test
    void aRequestDuringARequestedSyncStillGetsASyncAfterIt() throws Exception {
        source.head = "A";
        scheduler = start();
        await().until(() -> source.fetched.contains("A"));
        source.letOneFetchThrough();

        source.head = "B";
        scheduler.syncNow();
        await().until(() -> source.fetched.contains("B"));
        source.head = "C";
        scheduler.syncNow();
        source.letOneFetchThrough();

        await("a sync after the requested one that fetched B").until(() -> source.fetched.contains("C"));
        assertThat(source.fetched).containsExactly("A", "B", "C");
    }

    @Test
    void a_sync_killed_by_an_error_reports_the_sync_worker_down_until_the_next_sync_completes() throws Exception {
        Workers workers = new Workers();
        var dying = new GitSource() {
            final java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public Checkout fetch() throws SourceException {
                if (fetches.incrementAndGet() == 1) {
                    throw new StackOverflowError("a sync that dies");
                }
                throw new SourceException("unreachable, as an ordinary failed sync", null);
            }
        };
        scheduler = new SyncScheduler(new GitConfig("file:///held", "main", Duration.ofHours(1), null), ClusterConfig.inMemory(), null,
                Reconciler.of(dying, null, new UnitStatusStore()), null, DriftSettings.off(), workers);
        scheduler.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> !workers.down().isEmpty());
        assertThat(workers.down()).singleElement().satisfies(w -> assertThat(w.name()).isEqualTo(SyncScheduler.SYNC_WORKER));

        scheduler.syncNow(); // the schedule survived: the next sync runs, fails as syncs may, and the worker is alive
        await().atMost(Duration.ofSeconds(10)).until(() -> dying.fetches.get() == 2 && workers.down().isEmpty());
    }

    @Test
    void the_daemons_scheduler_syncs_nothing_until_the_http_server_is_bound_then_syncs_at_once() throws Exception {
        scheduler = new SyncScheduler(new GitConfig("file:///held", "main", Duration.ofHours(1), null), ClusterConfig.inMemory(), null,
                Reconciler.of(source, null, new UnitStatusStore()), null, DriftSettings.off(), new Workers());
        scheduler.syncNow(); // a webhook before the server is bound waits too

        // Not started, Quartz fires no trigger at all: no clock is involved in this assertion.
        assertThat(scheduler.started()).isFalse();
        assertThat(source.fetched).isEmpty();

        scheduler.onServerStarted(null);
        scheduler.onServerStarted(null); // a second event (or start()) changes nothing
        await().atMost(Duration.ofSeconds(10)).until(() -> source.fetched.size() == 1);
        assertThat(scheduler.started()).isTrue();
        source.letOneFetchThrough();
        // The request queued before the start is served by one more sync, then nothing else is due.
        await().atMost(Duration.ofSeconds(10)).until(() -> source.fetched.size() == 2);
    }

    @Test
    void a_drift_round_killed_by_an_error_reports_the_drift_worker_down_until_a_later_round_completes() {
        Workers workers = new Workers();
        var rounds = new java.util.concurrent.atomic.AtomicInteger();
        UnitStatusStore statuses = new UnitStatusStore() {
            @Override
            public List<io.rambla.status.UnitStatus> all() {
                if (rounds.incrementAndGet() == 1) {
                    throw new StackOverflowError("a drift round that dies");
                }
                return List.of();
            }
        };
        var drift = new DriftWatch(null, null, statuses, new DriftSettings(Duration.ofHours(6), false), null, Duration.ofMinutes(1), 1,
                java.time.Clock.systemUTC());
        var job = new SyncScheduler.DriftJob(drift, workers);

        job.execute(null); // never throws: Quartz keeps the drift schedule
        assertThat(workers.down()).singleElement().satisfies(w -> assertThat(w.name()).isEqualTo(SyncScheduler.DRIFT_WORKER));
        job.execute(null);
        assertThat(workers.down()).isEmpty();
        assertThat(rounds.get()).isEqualTo(2);
    }

    /** The first sync runs at start; the poll interval is long enough that no other poll comes. */
    private SyncScheduler start() throws Exception {
        // No sync gets past the fetch, so the reconciler never needs CloudFormation.
        var reconciler = Reconciler.of(source, null, new UnitStatusStore());
        return new SyncScheduler(new GitConfig("file:///held", "main", Duration.ofHours(1), null), ClusterConfig.inMemory(), reconciler);
    }

    /**
     * A git host whose fetches each wait until the test lets them through, then fail as an
     * unreachable host would: a sync that lasts as long as the test wants. Records the head each
     * fetch saw.
     */
    private static final class HeldSource implements GitSource {
        volatile String head;
        final List<String> fetched = new CopyOnWriteArrayList<>();
        private final Semaphore passes = new Semaphore(0);

        @Override
        public Checkout fetch() throws SourceException {
            String seen = head;
            fetched.add(seen);
            passes.acquireUninterruptibly();
            throw new SourceException("held test repository at " + seen + " is not a repository", null);
        }

        void letOneFetchThrough() {
            passes.release();
        }

        void letEveryFetchThrough() {
            passes.release(1_000);
        }
    }

    @Test
    void the_full_collection_that_gives_the_start_ups_heap_back_runs_after_the_first_sync_only() {
        var ended = new java.util.concurrent.atomic.AtomicBoolean();
        var collections = new java.util.concurrent.atomic.AtomicInteger();
        for (int sync = 0; sync < 3; sync++) {
            SyncScheduler.afterSync(ended, collections::incrementAndGet);
        }
        assertThat(collections).hasValue(1);
        assertThat(ended).isTrue();
    }
}
