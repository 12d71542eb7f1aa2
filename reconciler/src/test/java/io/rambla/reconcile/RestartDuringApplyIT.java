package io.rambla.reconcile;

import io.rambla.render.StackTags;
import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.retry.Backoff;
import io.rambla.apply.StackApplier;
import io.rambla.plan.DesiredState;
import io.rambla.plan.Planner;
import io.rambla.render.Renderer;
import io.rambla.schema.RepositoryLoader;
import io.rambla.source.JGitSource;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon that stops right after executing a change set leaves an operation behind. The daemon
 * that starts next must wait for it and recognise the result, never start a second operation.
 */
class RestartDuringApplyIT {

    @TempDir
    Path temp;

    @Test
    void aDaemonRestartedInTheMiddleOfAnApplyEndsWithExactlyOneOperation() throws Exception {
        String district = Emulator.uniqueName("restart");
        try (GitFixture git = GitFixture.create(temp, "main")) {
            String commit = git.commitAndPush("add district", Map.of(
                "rambla.yml", "stack_prefix: it\n",
                    "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.70.0.0/16\n"));
            var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);

            // The first daemon: creates and executes the change set, then "dies" before waiting.
            AwsCallCounter firstCalls = new AwsCallCounter();
            try (var client = Emulator.cloudFormation(firstCalls)) {
                var stacks = new AwsCloudFormationStacks(client, backoff);
                var unit = new Renderer("it").render(RepositoryLoader.load(git.workTree()).repository()).get(0);
                var desired = new DesiredState(unit.stack().stackName(), unit.stack().templateBody(), Map.of(), unit.stack().tags());
                Map<String, String> tags = new HashMap<>(desired.tags());
                tags.put(StackTags.DESIRED_HASH, desired.hash());
                tags.put(StackTags.COMMIT, commit);
                var changeSet = stacks.createChangeSet(
                        new DesiredState(desired.stackName(), desired.templateBody(), Map.of(), tags), "interrupted", true);
                stacks.executeChangeSet(changeSet.id(), "rambla-first-daemon");
            }

            // The second daemon starts on the same commit.
            AwsCallCounter secondCalls = new AwsCallCounter();
            UnitStatusStore statuses = new UnitStatusStore();
            try (var client = Emulator.cloudFormation(secondCalls)) {
                var applier = new StackApplier(new AwsCloudFormationStacks(client, backoff), backoff, Duration.ofMinutes(5));
                var reconciler = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("checkout")), applier, statuses);

                var report = reconciler.sync();

                assertThat(report.units()).containsEntry("district/" + district, UnitState.APPLIED);
                assertThat(secondCalls.count("CreateChangeSet")).isZero();
                assertThat(secondCalls.count("ExecuteChangeSet")).isZero();
                assertThat(client.describeStacks(r -> r.stackName("it-district-" + district)).stacks().get(0)
                        .stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
                assertThat(statuses.get("district/" + district).orElseThrow().lastAppliedRevision()).isEqualTo(commit);
            }
        }
    }
}
