package io.rambla.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rambla.plan.ChangeSet;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.retry.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class SettleRoundsTest {

    /** Waits of a millisecond or less, so the tests count calls, not time. */
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0);

    /**
     * A region whose stacks are busy as long as fewer listings than their number were made:
     * the answer depends on how many rounds ran, never on the clock.
     */
    private static class Region implements CloudFormationStacks {
        final AtomicInteger listings = new AtomicInteger();
        final Map<String, AtomicInteger> describes = new ConcurrentHashMap<>();
        final Map<String, Integer> busyUntilListing = new ConcurrentHashMap<>();
        volatile RuntimeException failNextListing;

        @Override
        public boolean listsBusyStacks() {
            return true;
        }

        @Override
        public Set<String> busyStacks() {
            RuntimeException failure = failNextListing;
            if (failure != null) {
                failNextListing = null;
                throw failure;
            }
            int listing = listings.incrementAndGet();
            Set<String> busy = new java.util.HashSet<>();
            busyUntilListing.forEach((name, until) -> {
                if (listing < until) {
                    busy.add(name);
                }
            });
            return busy;
        }

        @Override
        public Optional<LiveStack> describe(String stackName) {
            describes.computeIfAbsent(stackName, k -> new AtomicInteger()).incrementAndGet();
            boolean busy = listings.get() < busyUntilListing.getOrDefault(stackName, 0);
            return Optional.of(new LiveStack(stackName, "id-" + stackName, busy ? "CREATE_IN_PROGRESS" : "CREATE_COMPLETE", null,
                    Map.of(), Map.of("Out", stackName)));
        }

        @Override
        public List<LiveStack> list() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChangeSet createChangeSet(DesiredState desired, String changeSetName, boolean create) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void executeChangeSet(String changeSetId, String clientRequestToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteChangeSet(String changeSetId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteStack(String stackName, String clientRequestToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<StackFailure> failuresSince(String stackName, Instant since) {
            return List.of();
        }
    }

    private static Instant later() {
        return Instant.now().plus(Duration.ofHours(1));
    }

    private static SettleRounds rounds(Region region, Clock clock) {
        return new SettleRounds(region, QUICK, clock, 0, System::nanoTime);
    }

    @Test
    void one_stack_is_listed_until_it_is_no_longer_busy_then_read_once_for_its_outcome() {
        var region = new Region();
        region.busyUntilListing.put("app", 4);
        var rounds = rounds(region, Clock.systemUTC());

        Optional<LiveStack> settled = rounds.awaitSettled("app", later());

        assertThat(settled).get().extracting(LiveStack::status).isEqualTo("CREATE_COMPLETE");
        assertThat(settled.get().outputs()).containsEntry("Out", "app");
        assertThat(region.listings.get()).isEqualTo(4);
        assertThat(region.describes.get("app").get()).isEqualTo(1);
    }

    @Test
    void many_stacks_in_flight_share_each_listing_instead_of_polling_one_by_one() throws Exception {
        int stacks = 16;
        int busyFor = 12;
        var region = new Region();
        IntFunction<String> name = i -> "app-" + i;
        for (int i = 0; i < stacks; i++) {
            region.busyUntilListing.put(name.apply(i), busyFor);
        }
        var rounds = rounds(region, Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(stacks);
        try {
            List<Future<Optional<LiveStack>>> waits = new ArrayList<>();
            for (int i = 0; i < stacks; i++) {
                String stack = name.apply(i);
                waits.add(pool.submit(() -> rounds.awaitSettled(stack, later())));
            }
            for (var wait : waits) {
                assertThat(wait.get()).get().extracting(LiveStack::status).isEqualTo("CREATE_COMPLETE");
            }
        } finally {
            pool.shutdownNow();
        }
        // Polled one by one, each stack would need `busyFor` listings of its own (192 in all). A
        // waiter is answered by the first round ending at or after `busyFor` that began after it
        // started waiting, so at most one round per waiter comes on top.
        assertThat(region.listings.get()).isBetween(busyFor, busyFor + stacks);
        assertThat(region.describes.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(rounds.rounds()).isEqualTo(region.listings.get());
    }

    @Test
    void a_listing_made_before_the_wait_began_does_not_answer_it() {
        var region = new Region();
        var rounds = rounds(region, Clock.systemUTC());
        region.busyUntilListing.put("first", 1);
        rounds.awaitSettled("first", later());
        assertThat(region.listings.get()).isEqualTo(1);

        // A new operation starts after that listing: it must be listed afresh, not answered from the old round.
        region.busyUntilListing.put("second", 3);
        assertThat(rounds.awaitSettled("second", later())).get().extracting(LiveStack::status).isEqualTo("CREATE_COMPLETE");
        assertThat(region.listings.get()).isEqualTo(3);
    }

    @Test
    void a_stack_the_listing_missed_but_still_busy_when_read_is_waited_for_further() {
        var region = new Region() {
            final AtomicInteger reads = new AtomicInteger();

            @Override
            public Set<String> busyStacks() {
                super.busyStacks();
                return Set.of(); // a listing that lags behind: it never shows the stack busy
            }

            @Override
            public Optional<LiveStack> describe(String stackName) {
                boolean busy = reads.incrementAndGet() < 3;
                return Optional.of(new LiveStack(stackName, "id", busy ? "UPDATE_IN_PROGRESS" : "UPDATE_COMPLETE", null, Map.of(), Map.of()));
            }
        };
        var rounds = rounds(region, Clock.systemUTC());

        assertThat(rounds.awaitSettled("app", later())).get().extracting(LiveStack::status).isEqualTo("UPDATE_COMPLETE");
        assertThat(region.reads.get()).isEqualTo(3);
    }

    @Test
    void a_failed_listing_reaches_the_waiter_and_the_next_wait_lists_afresh() {
        var region = new Region();
        region.failNextListing = AwsException.classify("ListStacks", null,
                software.amazon.awssdk.services.cloudformation.model.CloudFormationException.builder()
                        .statusCode(400).message("Rate exceeded")
                        .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                .errorCode("Throttling").errorMessage("Rate exceeded").build())
                        .build());
        var rounds = rounds(region, Clock.systemUTC());

        assertThatThrownBy(() -> rounds.awaitSettled("app", later())).isInstanceOf(AwsException.class).hasMessageContaining("Rate exceeded");
        assertThat(rounds.awaitSettled("app", later())).get().extracting(LiveStack::status).isEqualTo("CREATE_COMPLETE");
        assertThat(region.listings.get()).isEqualTo(1);
    }

    @Test
    void past_the_deadline_the_stack_is_returned_as_it_is_even_when_still_busy() {
        var region = new Region();
        region.busyUntilListing.put("stuck", Integer.MAX_VALUE);
        var clock = Clock.fixed(Instant.parse("2026-11-26T06:00:00Z"), ZoneOffset.UTC);
        var rounds = rounds(region, clock);

        Optional<LiveStack> live = rounds.awaitSettled("stuck", clock.instant().minusSeconds(1));

        assertThat(live).get().extracting(LiveStack::status).isEqualTo("CREATE_IN_PROGRESS");
        assertThat(region.listings.get()).isEqualTo(1);
    }
}
