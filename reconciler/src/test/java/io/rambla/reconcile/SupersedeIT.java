package io.rambla.reconcile;

import io.rambla.render.StackTags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.cluster.SyncScheduler;
import io.rambla.retry.Backoff;
import io.rambla.plan.ChangeSet;
import io.rambla.apply.CloudFormationStacks;
import io.rambla.apply.StackApplier;
import io.rambla.config.ClusterConfig;
import io.rambla.config.GitConfig;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.plan.Planner;
import io.rambla.source.Checkout;
import io.rambla.source.GitSource;
import io.rambla.source.JGitSource;
import io.rambla.source.SourceException;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Pushes that arrive while a sync is applying are served by one sync after it, which applies the
 * newest head: a commit superseded before its turn never reaches CloudFormation.
 */
class SupersedeIT {

    @TempDir
    Path temp;

    @Test
    void aCommitSupersededWhileASyncAppliesIsNeverAppliedAndOneSyncCatchesUp() throws Exception {
        String district = Emulator.uniqueName("supersede");
        String stackName = "it-district-" + district;
        String file = "districts/" + district + ".yml";
        AwsCallCounter calls = new AwsCallCounter();
        UnitStatusStore statuses = new UnitStatusStore();
        SyncScheduler scheduler = null;
        try (GitFixture git = GitFixture.create(temp, "main"); var client = Emulator.cloudFormation(calls)) {
            var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
            var stacks = new HeldStacks(new AwsCloudFormationStacks(client, backoff));
            var applier = new StackApplier(stacks, backoff, Duration.ofMinutes(5));
            var source = new RecordingSource(new JGitSource(git.url(), "main", temp.resolve("checkout")));
            var reconciler = Reconciler.of(source, applier, statuses);
            try {
                String a = git.commitAndPush("add district", Map.of(
                        "rambla.yml", "stack_prefix: it\n",
                        file, "region: us-east-1\nnat_type: none\ncidr_block: 10.90.0.0/16\n"));
                // The first sync starts with the scheduler; the poll interval keeps further polls away.
                scheduler = new SyncScheduler(new GitConfig(git.url(), "main", Duration.ofHours(1), null), ClusterConfig.inMemory(), reconciler);
                await().atMost(Duration.ofMinutes(2)).until(() -> stacks.firstExecutionHeld.getCount() == 0);

                String b = git.commitAndPush("widen the district", Map.of(
                        file, "region: us-east-1\nnat_type: none\ncidr_block: 10.91.0.0/16\n"));
                scheduler.syncNow();
                String c = git.commitAndPush("widen the district again", Map.of(
                        file, "region: us-east-1\nnat_type: none\ncidr_block: 10.92.0.0/16\n"));
                scheduler.syncNow();
                stacks.releaseFirstExecution.countDown();
                await().atMost(Duration.ofMinutes(3)).until(() -> c.equals(status(statuses, district).lastAppliedRevision()));

                // A later request runs after anything still queued, so its sync closes the count.
                String d = git.commitAndPush("document the district", Map.of("README.md", "# Our infrastructure\n"));
                scheduler.syncNow();
                await().atMost(Duration.ofMinutes(1)).until(() -> d.equals(status(statuses, district).lastAttemptedRevision()));

                assertThat(stacks.changeSetCommits).as("commits a change set was created for").doesNotContain(b).containsExactly(a, c);
                assertThat(calls.count("CreateChangeSet")).isEqualTo(2);
                assertThat(source.revisions).as("heads fetched, one per sync: one sync served both requests")
                        .containsExactly(a, c, d);
                Stack stack = client.describeStacks(r -> r.stackName(stackName)).stacks().get(0);
                assertThat(stack.stackStatusAsString()).isEqualTo("UPDATE_COMPLETE");
                assertThat(stack.tags()).filteredOn(t -> t.key().equals(StackTags.COMMIT))
                        .extracting(t -> t.value()).containsExactly(c);
                assertThat(status(statuses, district).state()).isEqualTo(UnitState.APPLIED);
            } finally {
                stacks.releaseFirstExecution.countDown();
                if (scheduler != null) {
                    scheduler.stop();
                }
                try {
                    client.deleteStack(r -> r.stackName(stackName));
                } catch (RuntimeException e) {
                    // best effort: the emulator keeps nothing between runs that matters to the next test
                }
            }
        }
    }

    private static UnitStatus status(UnitStatusStore statuses, String district) {
        return statuses.get("district/" + district).orElseThrow();
    }

    /** The branch head each sync fetched, in order. */
    private static final class RecordingSource implements GitSource {
        final List<String> revisions = new CopyOnWriteArrayList<>();
        private final GitSource real;

        RecordingSource(GitSource real) {
            this.real = real;
        }

        @Override
        public Checkout fetch() throws SourceException {
            Checkout checkout = real.fetch();
            revisions.add(checkout.revision());
            return checkout;
        }
    }

    /**
     * The real CloudFormation adapter, except that the first change set execution, once
     * CloudFormation has it, keeps its sync waiting until the test releases it: a long apply.
     * Records the commit each change set was created for.
     */
    private static final class HeldStacks implements CloudFormationStacks {
        final CountDownLatch firstExecutionHeld = new CountDownLatch(1);
        final CountDownLatch releaseFirstExecution = new CountDownLatch(1);
        final List<String> changeSetCommits = new CopyOnWriteArrayList<>();
        private final CloudFormationStacks real;

        HeldStacks(CloudFormationStacks real) {
            this.real = real;
        }

        @Override
        public ChangeSet createChangeSet(DesiredState desired, String changeSetName, boolean create) {
            changeSetCommits.add(desired.tags().get(StackTags.COMMIT));
            return real.createChangeSet(desired, changeSetName, create);
        }

        @Override
        public void executeChangeSet(String changeSetId, String clientRequestToken) {
            real.executeChangeSet(changeSetId, clientRequestToken);
            if (firstExecutionHeld.getCount() > 0) {
                firstExecutionHeld.countDown();
                try {
                    releaseFirstExecution.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public Optional<LiveStack> describe(String stackName) {
            return real.describe(stackName);
        }

        @Override
        public List<LiveStack> list() {
            return real.list();
        }

        @Override
        public void deleteChangeSet(String changeSetId) {
            real.deleteChangeSet(changeSetId);
        }

        @Override
        public void deleteStack(String stackName, String clientRequestToken) {
            real.deleteStack(stackName, clientRequestToken);
        }

        @Override
        public List<StackFailure> failuresSince(String stackName, Instant since) {
            return real.failuresSince(stackName, since);
        }
    }
}
