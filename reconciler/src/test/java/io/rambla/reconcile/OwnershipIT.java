package io.rambla.reconcile;

import io.rambla.render.StackTags;
import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.apply.StackApplier;
import io.rambla.plan.DesiredState;
import io.rambla.plan.Ownership;
import io.rambla.plan.PruneGuard;
import io.rambla.plan.RepositoryId;
import io.rambla.render.Renderer;
import io.rambla.retry.Backoff;
import io.rambla.retry.Sleeper;
import io.rambla.retry.UnitRetry;
import io.rambla.schema.RepositoryLoader;
import io.rambla.source.JGitSource;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * Whose a stack is, on the emulator: a stack tagged for another unit or another repository is
 * never updated or deleted, emptying the repository with pruning on is stopped by the guard, and a
 * stack a killed pull-request review left in REVIEW_IN_PROGRESS does not hold up the next sync.
 */
class OwnershipIT {

    private static final RepositoryId OURS = new RepositoryId("https://git.example.com/team/infra.git");
    private static final RepositoryId THEIRS = new RepositoryId("https://git.example.com/other-team/infra.git");
    private static final String HANDLE = "{\"Resources\":{\"Handle\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}}}";

    @TempDir
    Path temp;

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);

    private Reconciler reconciler(GitFixture git, CloudFormationClient client, UnitStatusStore statuses, PruneGuard guard,
            Duration operationTimeout) {
        var applier = new StackApplier(new AwsCloudFormationStacks(client, backoff), backoff, operationTimeout);
        var settings = new SyncSettings(2, UnitRetry.standard(), false, OURS, guard);
        return new Reconciler(new JGitSource(git.url(), "main", temp.resolve("checkout")), applier, statuses, List.of(), settings,
                Clock.systemUTC(), Sleeper.THREAD);
    }

    @Test
    void aStackTaggedForAnotherUnitOrRepositoryIsNeverUpdated() throws Exception {
        String prefix = Emulator.uniqueName("own").replace("-", "");
        var statuses = new UnitStatusStore();
        try (GitFixture git = GitFixture.create(temp, "main");
                CloudFormationClient client = Emulator.cloudFormation(new AwsCallCounter())) {
            // district/main's name is taken by another repository's stack; district/x's by another unit of ours.
            createStack(client, prefix + "-district-main", "district/main", THEIRS);
            createStack(client, prefix + "-district-x", "district/y", OURS);
            git.commitAndPush("two districts", Map.of(
                    "rambla.yml", "stack_prefix: " + prefix + "\nprune: true\n",
                    "districts/main.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.82.0.0/16\n",
                    "districts/x.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.83.0.0/16\n"));

            Map<String, Stack> before = Map.of(prefix + "-district-main", describe(client, prefix + "-district-main"),
                    prefix + "-district-x", describe(client, prefix + "-district-x"));

            var report = reconciler(git, client, statuses, PruneGuard.standard(), Duration.ofMinutes(5)).sync();

            assertThat(report.units()).containsEntry("district/main", UnitState.FAILED).containsEntry("district/x", UnitState.FAILED);
            assertThat(statuses.get("district/main").orElseThrow().message())
                    .contains("refused", "belongs to repository " + THEIRS.value(), "not to " + OURS.value());
            assertThat(statuses.get("district/x").orElseThrow().message()).contains("refused", "belongs to unit district/y");
            for (String name : List.of(prefix + "-district-main", prefix + "-district-x")) {
                Stack stack = describe(client, name);
                assertThat(stack.stackStatusAsString()).as(name).isEqualTo("CREATE_COMPLETE");
                assertThat(stack.lastUpdatedTime()).as(name + " was never updated").isEqualTo(before.get(name).lastUpdatedTime());
                assertThat(tags(stack)).as(name).isEqualTo(tags(before.get(name))).doesNotContainKey("rambla:desired-hash");
            }
            // The refused unit of our own repository is not mistaken for an orphan either: nothing was pruned.
            assertThat(statuses.get("district/y")).isEmpty();
        }
    }

    @Test
    void anotherRepositorysStacksUnderOurPrefixAreNeverPruned() throws Exception {
        String prefix = Emulator.uniqueName("own").replace("-", "");
        var statuses = new UnitStatusStore();
        try (GitFixture git = GitFixture.create(temp, "main");
                CloudFormationClient client = Emulator.cloudFormation(new AwsCallCounter())) {
            createStack(client, prefix + "-district-theirs", "district/theirs", THEIRS);
            git.commitAndPush("one district, prune on", Map.of(
                    "rambla.yml", "stack_prefix: " + prefix + "\nprune: true\n",
                    "districts/keep.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.84.0.0/16\n"));

            var report = reconciler(git, client, statuses, PruneGuard.off(), Duration.ofMinutes(5)).sync();

            assertThat(report.units()).containsEntry("district/keep", UnitState.APPLIED);
            assertThat(tags(describe(client, prefix + "-district-keep")))
                    .containsEntry(Ownership.TAG_REPOSITORY, OURS.value()).containsEntry(StackTags.UNIT, "district/keep");
            assertThat(describe(client, prefix + "-district-theirs").stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
            assertThat(statuses.get("district/theirs")).as("not even reported as an orphan").isEmpty();
        }
    }

    @Test
    void emptyingTheRepositoryWithPruningOnIsStoppedByTheGuardUntilAPersonAllowsIt() throws Exception {
        String prefix = Emulator.uniqueName("own").replace("-", "");
        var statuses = new UnitStatusStore();
        try (GitFixture git = GitFixture.create(temp, "main");
                CloudFormationClient client = Emulator.cloudFormation(new AwsCallCounter())) {
            git.commitAndPush("two districts", Map.of(
                    "rambla.yml", "stack_prefix: " + prefix + "\nprune: true\n",
                    "districts/a.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.85.0.0/16\n",
                    "districts/b.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.86.0.0/16\n"));
            var guarded = reconciler(git, client, statuses, PruneGuard.standard(), Duration.ofMinutes(5));
            assertThat(guarded.sync().units()).containsEntry("district/a", UnitState.APPLIED).containsEntry("district/b", UnitState.APPLIED);

            Map<String, String> empty = new HashMap<>();
            empty.put("districts/a.yml", null);
            empty.put("districts/b.yml", null);
            git.commitAndPush("empty the repository", empty);
            guarded.sync();

            for (String unit : List.of("district/a", "district/b")) {
                var status = statuses.get(unit).orElseThrow();
                assertThat(status.state()).as(unit).isEqualTo(UnitState.ORPHANED);
                assertThat(status.message()).as(unit).contains("mass-deletion guard", "delete 2 of the repository's 2 stacks",
                        PruneGuard.ALLOW);
            }
            assertThat(describe(client, prefix + "-district-a").stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
            assertThat(describe(client, prefix + "-district-b").stackStatusAsString()).isEqualTo("CREATE_COMPLETE");

            // A person who means it lifts the guard for one sync.
            reconciler(git, client, statuses, new PruneGuard(0.5, true), Duration.ofMinutes(5)).sync(true);
            assertThat(statuses.get("district/a").orElseThrow().state()).isEqualTo(UnitState.PRUNED);
            assertThat(statuses.get("district/b").orElseThrow().state()).isEqualTo(UnitState.PRUNED);
        }
    }

    /**
     * A daemon killed while planning a pull request leaves a CREATE change set's stack in
     * REVIEW_IN_PROGRESS. With an operation timeout of an hour, the next sync must still create the
     * unit's stack at once: it does not wait on a stack on which nothing runs.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aLeftoverReviewStackDoesNotHoldUpTheNextSync() throws Exception {
        String prefix = Emulator.uniqueName("own").replace("-", "");
        var statuses = new UnitStatusStore();
        try (GitFixture git = GitFixture.create(temp, "main");
                CloudFormationClient client = Emulator.cloudFormation(new AwsCallCounter())) {
            git.commitAndPush("a district", Map.of(
                    "rambla.yml", "stack_prefix: " + prefix + "\n",
                    "districts/main.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.87.0.0/16\n"));
            // What the killed review left: its change set, never executed nor deleted, on a stack of its own.
            var unit = Ownership.claim(new Renderer(prefix).render(RepositoryLoader.load(git.workTree()).repository()), OURS).get(0);
            // A district's template takes the cluster's AMI as a parameter (plan.Amis); any id does for a change set.
            var desired = new DesiredState(unit.stack().stackName(), unit.stack().templateBody(),
                    Map.of("EcsAmiId", "ami-0123456789abcdef0"), unit.stack().tags());
            new AwsCloudFormationStacks(client, backoff).createChangeSet(io.rambla.plan.ReviewPlanner.tagged(desired, "0000000"), "rambla-pr7-0000000", true);
            assertThat(describe(client, unit.stack().stackName()).stackStatusAsString()).isEqualTo("REVIEW_IN_PROGRESS");

            var report = reconciler(git, client, statuses, PruneGuard.standard(), Duration.ofMinutes(60)).sync();

            assertThat(report.units()).containsEntry("district/main", UnitState.APPLIED);
            assertThat(describe(client, unit.stack().stackName()).stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        }
    }

    private static void createStack(CloudFormationClient client, String name, String unit, RepositoryId repository) {
        client.createStack(r -> r.stackName(name).templateBody(HANDLE).tags(
                Tag.builder().key(StackTags.MANAGED_BY).value("rambla").build(),
                Tag.builder().key(StackTags.UNIT).value(unit).build(),
                Tag.builder().key(StackTags.DISTRICT).value(unit.substring(unit.indexOf('/') + 1)).build(),
                Tag.builder().key(Ownership.TAG_REPOSITORY).value(repository.value()).build()));
        client.waiter().waitUntilStackCreateComplete(r -> r.stackName(name));
    }

    private static Stack describe(CloudFormationClient client, String name) {
        try {
            return client.describeStacks(r -> r.stackName(name)).stacks().get(0);
        } catch (CloudFormationException e) {
            throw new AssertionError("stack " + name + " is gone", e);
        }
    }

    private static Map<String, String> tags(Stack stack) {
        return stack.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
