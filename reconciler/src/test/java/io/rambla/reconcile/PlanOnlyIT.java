package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.retry.Backoff;
import io.rambla.apply.StackApplier;
import io.rambla.apply.StackPlanner;
import io.rambla.source.JGitSource;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** In plan-only mode the daemon computes change sets and discards them: AWS is never changed. */
class PlanOnlyIT {

    @TempDir
    Path temp;

    @Test
    void planOnlyNeverExecutesAndLeavesNoStackOrChangeSetBehind() throws Exception {
        String district = Emulator.uniqueName("plan");
        String stack = "it-district-" + district;
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
        var calls = new AwsCallCounter();
        try (GitFixture git = GitFixture.create(temp, "main"); CloudFormationClient client = Emulator.cloudFormation(calls)) {
            var stacks = new AwsCloudFormationStacks(client, backoff);
            var planner = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("plan-checkout")),
                    new StackPlanner(stacks, backoff, Duration.ofMinutes(5)), new UnitStatusStore());
            git.commitAndPush("add district", Map.of("rambla.yml", "stack_prefix: it\n",
                    "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.90.0.0/16\n"));

            var planned = planner.sync();

            assertThat(planned.units()).containsEntry("district/" + district, UnitState.PLANNED);
            assertThat(calls.count("CreateChangeSet")).isEqualTo(1);
            assertThat(calls.count("ExecuteChangeSet")).isZero();
            assertThat(stacks.describe(stack).filter(s -> !s.deleted())).as("the review stack is removed").isEmpty();

            var applier = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("apply-checkout")),
                    new StackApplier(stacks, backoff, Duration.ofMinutes(5)), new UnitStatusStore());
            applier.sync();
            String appliedHash = stacks.describe(stack).orElseThrow().tag("rambla:desired-hash");

            git.commitAndPush("widen", Map.of("districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.91.0.0/16\n"));
            var statuses = new UnitStatusStore();
            var secondPlanner = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("plan-checkout-2")),
                    new StackPlanner(stacks, backoff, Duration.ofMinutes(5)), statuses);
            secondPlanner.sync();

            assertThat(statuses.get("district/" + district).orElseThrow().message()).startsWith("plan only: would update");
            var live = stacks.describe(stack).orElseThrow();
            assertThat(live.tag("rambla:desired-hash")).isEqualTo(appliedHash);
            assertThat(client.listChangeSets(r -> r.stackName(stack)).summaries()).isEmpty();
            assertThat(calls.count("ExecuteChangeSet")).as("the planners executed nothing; the applier created the stack directly").isZero();
            assertThat(calls.count("CreateStack")).isEqualTo(1);
        }
    }
}
