package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.apply.ListingPolicy;
import io.rambla.apply.RegionalStacks;
import io.rambla.apply.StackApplier;
import io.rambla.plan.LiveStack;
import io.rambla.retry.Backoff;
import io.rambla.retry.Sleeper;
import io.rambla.retry.UnitRetry;
import io.rambla.source.JGitSource;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;

/**
 * The sync's listing of live stacks, refreshed by change, against the emulator: a warm sync lists
 * nothing, sees what Rambla itself created, updated and deleted, still finds orphans, and sees a
 * change made outside Rambla only at a forced sync or once the listing is older than its max age.
 */
class ListingCacheIT {

    /** Counts the calls by operation, and tells a listing (DescribeStacks without a name) from a read of one stack. */
    static final class Calls implements ExecutionInterceptor {
        final AtomicLong listings = new AtomicLong();
        /** The stacks read one by one: other users' stacks in progress on the shared emulator are read too, by design. */
        final List<String> reads = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Map<String, AtomicLong> byOperation = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof DescribeStacksRequest describe) {
                if (describe.stackName() == null) {
                    listings.incrementAndGet();
                } else {
                    reads.add(describe.stackName());
                }
            }
            byOperation.computeIfAbsent(context.request().getClass().getSimpleName().replace("Request", ""), k -> new AtomicLong())
                    .incrementAndGet();
        }

        long count(String operation) {
            return byOperation.getOrDefault(operation, new AtomicLong()).get();
        }

        void reset() {
            listings.set(0);
            reads.clear();
            byOperation.clear();
        }
    }

    /** A clock the test moves past the listing's max age. */
    static final class MovingClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-26T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path temp;

    private final Calls calls = new Calls();
    private final MovingClock clock = new MovingClock();
    private final UnitStatusStore statuses = new UnitStatusStore();
    private GitFixture git;
    private CloudFormationClient client;
    private RegionalStacks stacks;
    private Reconciler reconciler;
    private String prefix;

    @BeforeEach
    void setUp() throws Exception {
        Emulator.requireRunning();
        git = GitFixture.create(temp, "main");
        client = CloudFormationClient.builder().region(Region.of(Emulator.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(URI.create(Emulator.ENDPOINT))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(calls))
                .build();
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
        // As the daemon wires it (ReconcilerFactory), with the default max age of 10 minutes.
        stacks = new RegionalStacks(Emulator.REGION, region -> new AwsCloudFormationStacks(client, backoff),
                new ListingPolicy(Duration.ofMinutes(10)), clock);
        var applier = new StackApplier(stacks, backoff, Duration.ofMinutes(5));
        reconciler = new Reconciler(new JGitSource(git.url(), "main", temp.resolve("checkout")), applier, statuses, List.of(),
                new SyncSettings(4, UnitRetry.standard(), false), Clock.systemUTC(), Sleeper.THREAD);
        prefix = Emulator.uniqueName("lc").replace("-", "");
    }

    @AfterEach
    void tearDown() {
        for (String district : new String[] {"a", "b"}) {
            try {
                client.deleteStack(r -> r.stackName(prefix + "-district-" + district));
            } catch (RuntimeException e) {
                // best effort
            }
        }
        client.close();
        git.close();
    }

    private static String district(int octet) {
        return "region: us-east-1\nnat_type: none\ncidr_block: 10." + octet + ".0.0/16\n";
    }

    private int readme = 0;

    /** A commit that changes no unit, then a sync of it. */
    private Reconciler.SyncReport noOpCommitAndSync() throws Exception {
        git.commitAndPush("touch the README", Map.of("README.md", "touched " + (++readme) + "\n"));
        calls.reset();
        return reconciler.sync();
    }

    private String status(String stackName) {
        try {
            return client.describeStacks(r -> r.stackName(stackName)).stacks().get(0).stackStatusAsString();
        } catch (CloudFormationException e) {
            return "gone";
        }
    }

    private void deleteOutOfBand(String stackName) {
        client.deleteStack(r -> r.stackName(stackName));
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> List.of("gone", "DELETE_COMPLETE").contains(status(stackName)));
    }

    @Test
    void aWarmSyncListsNothingAndSeesWhatRamblaChangedButNotWhatOthersChanged() throws Exception {
        String a = prefix + "-district-a";
        String b = prefix + "-district-b";
        Map<String, String> files = new HashMap<>();
        files.put("rambla.yml", "stack_prefix: " + prefix + "\nprune: false\n");
        files.put("districts/a.yml", district(90));
        files.put("districts/b.yml", district(91));
        git.commitAndPush("two districts", files);

        var cold = reconciler.sync();
        assertThat(cold.units()).containsEntry("district/a", UnitState.APPLIED).containsEntry("district/b", UnitState.APPLIED);
        assertThat(calls.listings).as("the first sync of a fresh reconciler lists the region").hasValue(1);

        var warm = noOpCommitAndSync();
        assertThat(warm.skipped()).isFalse();
        assertThat(warm.units()).containsEntry("district/a", UnitState.APPLIED).containsEntry("district/b", UnitState.APPLIED);
        assertThat(calls.listings).as("a warm no-op lists nothing").hasValue(0);
        assertThat(calls.reads).as("the creations' own last reads left nothing of ours to read again")
                .noneMatch(stack -> stack.startsWith(prefix + "-"));

        // Rambla updates a: the update's own last read keeps the cache current.
        git.commitAndPush("a new network for a", Map.of("districts/a.yml", district(92)));
        calls.reset();
        assertThat(reconciler.sync().units()).containsEntry("district/a", UnitState.APPLIED);
        assertThat(calls.count("CreateChangeSet")).as("a was updated").isEqualTo(1);
        assertThat(calls.listings).hasValue(0);
        noOpCommitAndSync();
        assertThat(calls.count("CreateChangeSet")).as("the cache holds a's new desired hash: no change set").isZero();
        assertThat(calls.listings).hasValue(0);

        // b leaves git: found as an orphan from the cache, then pruned by Rambla.
        Map<String, String> removal = new HashMap<>();
        removal.put("districts/b.yml", null);
        git.commitAndPush("retire b", removal);
        calls.reset();
        reconciler.sync();
        assertThat(statuses.get("district/b").orElseThrow().state()).as("orphans still found").isEqualTo(UnitState.ORPHANED);
        assertThat(calls.listings).hasValue(0);
        git.commitAndPush("turn pruning on", Map.of("rambla.yml", "stack_prefix: " + prefix + "\nprune: true\n"));
        calls.reset();
        reconciler.sync();
        assertThat(statuses.get("district/b").orElseThrow().state()).isEqualTo(UnitState.PRUNED);
        assertThat(status(b)).isIn("gone", "DELETE_COMPLETE");
        assertThat(calls.listings).hasValue(0);
        noOpCommitAndSync();
        assertThat(calls.count("DeleteStack")).as("the deleted stack left the cache: not pruned again").isZero();
        assertThat(stacks.listing(false)).extracting(LiveStack::name).doesNotContain(b).contains(a);
        assertThat(calls.listings).hasValue(0);

        // Someone deletes a outside Rambla: a warm sync does not see it ...
        deleteOutOfBand(a);
        var blind = noOpCommitAndSync();
        assertThat(blind.units()).containsEntry("district/a", UnitState.APPLIED);
        assertThat(status(a)).as("not recreated by a warm sync").isIn("gone", "DELETE_COMPLETE");
        // ... a forced sync does, and recreates it.
        calls.reset();
        assertThat(reconciler.sync(true).units()).containsEntry("district/a", UnitState.APPLIED);
        assertThat(calls.listings).hasValue(1);
        assertThat(status(a)).isEqualTo("CREATE_COMPLETE");

        // And once the listing is as old as the max age, an ordinary sync sees it too.
        deleteOutOfBand(a);
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        noOpCommitAndSync();
        assertThat(calls.listings).hasValue(1);
        assertThat(status(a)).isEqualTo("CREATE_COMPLETE");
    }
}
