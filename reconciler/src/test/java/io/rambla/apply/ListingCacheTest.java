package io.rambla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.plan.ChangeSet;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One region's live stacks, listed in full only when due and otherwise read again only where something changed. */
class ListingCacheTest {

    /** A region of CloudFormation held in memory, counting its listings and reads. */
    static final class Region implements CloudFormationStacks {
        final Map<String, LiveStack> stacks = new ConcurrentHashMap<>();
        final AtomicInteger listings = new AtomicInteger();
        final List<String> reads = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile Runnable duringListing = () -> {};

        void put(String name, String status) {
            stacks.put(name, stack(name, status));
        }

        @Override
        public Optional<LiveStack> describe(String stackName) {
            reads.add(stackName);
            return Optional.ofNullable(stacks.get(stackName));
        }

        @Override
        public List<LiveStack> list() {
            listings.incrementAndGet();
            List<LiveStack> listed = List.copyOf(stacks.values());
            duringListing.run();
            return listed;
        }

        @Override
        public ChangeSet createChangeSet(DesiredState desired, String changeSetName, boolean create) {
            throw new AssertionError("not called");
        }

        @Override
        public void executeChangeSet(String changeSetId, String clientRequestToken) {
            throw new AssertionError("not called");
        }

        @Override
        public void deleteChangeSet(String changeSetId) {
            throw new AssertionError("not called");
        }

        @Override
        public void deleteStack(String stackName, String clientRequestToken) {
            throw new AssertionError("not called");
        }

        @Override
        public List<StackFailure> failuresSince(String stackName, Instant since) {
            return List.of();
        }
    }

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-26T08:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static LiveStack stack(String name, String status) {
        return new LiveStack(name, "arn:aws:cloudformation:us-east-1:000000000000:stack/" + name + "/1", status, null, Map.of(), Map.of());
    }

    private final Region region = new Region();
    private final MovingClock clock = new MovingClock();
    private final ListingCache cache = new ListingCache(new ListingPolicy(Duration.ofMinutes(10)), clock);

    private static List<String> names(List<LiveStack> stacks) {
        return stacks.stream().map(s -> s.name() + " " + s.status()).sorted().toList();
    }

    @Test
    void theFirstListingIsFullAndTheNextOneMakesNoCall() {
        region.put("rambla-app-a", "CREATE_COMPLETE");
        region.put("other-team", "UPDATE_COMPLETE");

        assertThat(names(cache.listing(false, region))).containsExactly("other-team UPDATE_COMPLETE", "rambla-app-a CREATE_COMPLETE");
        assertThat(names(cache.listing(false, region))).containsExactly("other-team UPDATE_COMPLETE", "rambla-app-a CREATE_COMPLETE");

        assertThat(region.listings).hasValue(1);
        assertThat(region.reads).isEmpty();
    }

    @Test
    void aStackRamblaChangedIsReadAgainOnceByName() {
        region.put("rambla-app-a", "CREATE_COMPLETE");
        region.put("rambla-app-b", "CREATE_COMPLETE");
        cache.listing(false, region);

        cache.changed("rambla-app-a");
        region.put("rambla-app-a", "UPDATE_COMPLETE");

        assertThat(names(cache.listing(false, region))).containsExactly("rambla-app-a UPDATE_COMPLETE", "rambla-app-b CREATE_COMPLETE");
        assertThat(region.reads).containsExactly("rambla-app-a");
        cache.listing(false, region);
        assertThat(region.reads).as("read once, not at every sync").containsExactly("rambla-app-a");
        assertThat(region.listings).hasValue(1);
    }

    @Test
    void theApplysOwnLastReadUpdatesTheEntryWithoutAnotherCall() {
        region.put("rambla-app-a", "CREATE_COMPLETE");
        cache.listing(false, region);

        long mark = cache.mark();
        cache.changed("rambla-app-a");
        region.put("rambla-app-a", "UPDATE_COMPLETE");
        long afterChange = cache.mark();
        cache.seen("rambla-app-a", region.describe("rambla-app-a"), afterChange);
        region.reads.clear();

        assertThat(names(cache.listing(false, region))).containsExactly("rambla-app-a UPDATE_COMPLETE");
        assertThat(region.reads).isEmpty();
        assertThat(mark).isLessThan(afterChange);
    }

    @Test
    void aStackCreatedByRamblaIsSeenThoughNoListingShowedIt() {
        cache.listing(false, region);
        cache.changed("rambla-app-new");
        region.put("rambla-app-new", "CREATE_COMPLETE");

        assertThat(names(cache.listing(false, region))).containsExactly("rambla-app-new CREATE_COMPLETE");
        assertThat(region.listings).hasValue(1);
    }

    @Test
    void aStackRamblaDeletedLeavesTheListing() {
        region.put("rambla-app-a", "UPDATE_COMPLETE");
        cache.listing(false, region);
        cache.changed("rambla-app-a");
        region.stacks.remove("rambla-app-a");

        assertThat(cache.listing(false, region)).isEmpty();
        assertThat(cache.entries()).isEmpty();
    }

    @Test
    void aStackInProgressIsReadAgainUntilItSettles() {
        region.put("other-team", "UPDATE_IN_PROGRESS");
        cache.listing(false, region);

        cache.listing(false, region);
        assertThat(region.reads).containsExactly("other-team");
        region.put("other-team", "UPDATE_COMPLETE");
        assertThat(names(cache.listing(false, region))).containsExactly("other-team UPDATE_COMPLETE");
        assertThat(region.reads).containsExactly("other-team", "other-team");
        cache.listing(false, region);
        assertThat(region.reads).as("settled: no more reads").hasSize(2);
    }

    @Test
    void aChangeMadeOutsideRamblaIsNotSeenUntilTheMaxAgeOrAForcedListing() {
        region.put("rambla-app-a", "CREATE_COMPLETE");
        cache.listing(false, region);
        region.put("rambla-app-a", "UPDATE_ROLLBACK_COMPLETE"); // someone ran `aws cloudformation update-stack`
        region.put("rambla-app-b", "CREATE_COMPLETE");

        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertThat(names(cache.listing(false, region))).as("a warm listing").containsExactly("rambla-app-a CREATE_COMPLETE");
        assertThat(names(cache.listing(true, region))).as("forced")
                .containsExactly("rambla-app-a UPDATE_ROLLBACK_COMPLETE", "rambla-app-b CREATE_COMPLETE");

        region.put("rambla-app-b", "DELETE_COMPLETE");
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        assertThat(names(cache.listing(false, region))).as("past the max age")
                .containsExactly("rambla-app-a UPDATE_ROLLBACK_COMPLETE", "rambla-app-b DELETE_COMPLETE");
        assertThat(cache.entries()).as("a deleted stack is not held").containsOnlyKeys("rambla-app-a");
        assertThat(region.listings).hasValue(3);
    }

    @Test
    void aChangeMarkedWhileAReadWasOutIsReadAgain() {
        region.put("rambla-app-a", "UPDATE_COMPLETE");
        cache.listing(false, region);
        long readStarted = cache.mark();
        Optional<LiveStack> stale = region.describe("rambla-app-a");
        cache.changed("rambla-app-a"); // an execution starts while that read was out
        region.put("rambla-app-a", "UPDATE_IN_PROGRESS");
        cache.seen("rambla-app-a", stale, readStarted);
        region.reads.clear();

        assertThat(names(cache.listing(false, region))).containsExactly("rambla-app-a UPDATE_IN_PROGRESS");
        assertThat(region.reads).containsExactly("rambla-app-a");
    }

    @Test
    void aChangeMarkedWhileAFullListingWasOutIsReadAgain() {
        region.put("rambla-app-a", "UPDATE_COMPLETE");
        region.duringListing = () -> {
            cache.changed("rambla-app-a");
            region.put("rambla-app-a", "DELETE_IN_PROGRESS");
        };
        cache.listing(false, region);
        region.duringListing = () -> {};
        region.stacks.remove("rambla-app-a");

        assertThat(cache.listing(false, region)).isEmpty();
        assertThat(region.reads).containsExactly("rambla-app-a");
    }

    @Test
    void aChangeThatCannotBeTiedToAStackMakesTheNextListingFull() {
        cache.listing(false, region);
        cache.forget();
        region.put("rambla-app-a", "UPDATE_COMPLETE");

        assertThat(names(cache.listing(false, region))).containsExactly("rambla-app-a UPDATE_COMPLETE");
        assertThat(region.listings).hasValue(2);
    }

    @Test
    void aForgetDuringAFullListingStillMakesTheNextOneFull() {
        region.duringListing = cache::forget;
        cache.listing(false, region);
        region.duringListing = () -> {};
        cache.listing(false, region);
        assertThat(region.listings).hasValue(2);
        cache.listing(false, region);
        assertThat(region.listings).hasValue(2);
    }

    @Test
    void manyThreadsChangingAndReadingLeaveEveryChangedStackToBeReadAgain() throws Exception {
        for (int i = 0; i < 64; i++) {
            region.put("rambla-app-" + i, "CREATE_COMPLETE");
        }
        cache.listing(false, region);
        var pool = Executors.newFixedThreadPool(16);
        var start = new CountDownLatch(1);
        try {
            var futures = new ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 64; i++) {
                String name = "rambla-app-" + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    long mark = cache.mark();
                    Optional<LiveStack> before = region.describe(name);
                    cache.changed(name);
                    region.put(name, "UPDATE_COMPLETE");
                    cache.seen(name, before, mark); // a stale read that raced the change
                    return null;
                }));
            }
            start.countDown();
            for (var future : futures) {
                future.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.listing(false, region)).hasSize(64).allMatch(s -> s.status().equals("UPDATE_COMPLETE"));
    }
}
