package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.retry.Backoff;
import io.rambla.apply.StackApplier;
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
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** A district removed from git is reported, and deleted only once rambla.yml turns pruning on. */
class PruneIT {

    @TempDir
    Path temp;

    @Test
    void aRemovedDistrictIsReportedThenPrunedWhenPruningIsTurnedOn() throws Exception {
        String prefix = Emulator.uniqueName("p").replace("-", "");
        var statuses = new UnitStatusStore();
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
        try (GitFixture git = GitFixture.create(temp, "main");
                CloudFormationClient client = Emulator.cloudFormation(new AwsCallCounter())) {
            var applier = new StackApplier(new AwsCloudFormationStacks(client, backoff), backoff, Duration.ofMinutes(5));
            var reconciler = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("checkout")), applier, statuses);
            Map<String, String> files = new HashMap<>();
            files.put("rambla.yml", "stack_prefix: " + prefix + "\nprune: false\n");
            files.put("districts/keep.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.80.0.0/16\n");
            files.put("districts/gone.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.81.0.0/16\n");
            git.commitAndPush("two districts", files);
            assertThat(reconciler.sync().units()).containsEntry("district/gone", UnitState.APPLIED);

            Map<String, String> removal = new HashMap<>();
            removal.put("districts/gone.yml", null);
            git.commitAndPush("retire a district", removal);
            reconciler.sync();

            assertThat(statuses.get("district/gone").orElseThrow().state()).isEqualTo(UnitState.ORPHANED);
            assertThat(statuses.get("district/gone").orElseThrow().message()).contains("pruning is off");
            assertThat(stackStatus(client, prefix + "-district-gone")).isEqualTo("CREATE_COMPLETE");

            git.commitAndPush("turn pruning on", Map.of("rambla.yml", "stack_prefix: " + prefix + "\nprune: true\n"));
            reconciler.sync();

            assertThat(statuses.get("district/gone").orElseThrow().state()).isEqualTo(UnitState.PRUNED);
            assertThat(stackStatus(client, prefix + "-district-gone")).isIn("DELETE_COMPLETE", "gone");
            assertThat(statuses.get("district/keep").orElseThrow().state()).isEqualTo(UnitState.APPLIED);
            assertThat(stackStatus(client, prefix + "-district-keep")).isEqualTo("CREATE_COMPLETE");
        }
    }

    private static String stackStatus(CloudFormationClient client, String stackName) {
        try {
            return client.describeStacks(r -> r.stackName(stackName)).stacks().get(0).stackStatusAsString();
        } catch (software.amazon.awssdk.services.cloudformation.model.CloudFormationException e) {
            return "gone";
        }
    }
}
