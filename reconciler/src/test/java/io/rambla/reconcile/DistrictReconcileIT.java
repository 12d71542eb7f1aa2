package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.retry.Backoff;
import io.rambla.apply.StackApplier;
import io.rambla.source.JGitSource;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** A district travels from a real git repository to a real (emulated) CloudFormation stack. */
class DistrictReconcileIT {

    @TempDir
    Path temp;

    private GitFixture git;
    private CloudFormationClient cloudFormation;
    private final AwsCallCounter calls = new AwsCallCounter();
    private final UnitStatusStore statuses = new UnitStatusStore();
    private Reconciler reconciler;
    private String district;

    @BeforeEach
    void setUp() throws Exception {
        git = GitFixture.create(temp, "main");
        cloudFormation = Emulator.cloudFormation(calls);
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
        var applier = new StackApplier(new AwsCloudFormationStacks(cloudFormation, backoff), backoff, Duration.ofMinutes(5));
        reconciler = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("checkout")), applier, statuses);
        district = Emulator.uniqueName("it");
    }

    @AfterEach
    void tearDown() {
        try {
            cloudFormation.deleteStack(r -> r.stackName("it-district-" + district));
        } catch (RuntimeException e) {
            // best effort: the emulator keeps nothing between runs that matters to the next test
        }
        cloudFormation.close();
        git.close();
    }

    @Test
    void aNewDistrictIsCreatedThenUpdatedThroughChangeSets() throws Exception {
        String first = git.commitAndPush("add district", Map.of(
                "rambla.yml", "stack_prefix: it\n",
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.20.0.0/16\n"));

        var report = reconciler.sync();

        assertThat(report.units()).as("statuses: %s", statuses.all()).containsEntry("district/" + district, UnitState.APPLIED);
        Stack created = liveStack();
        assertThat(created.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(created.outputs()).extracting(o -> o.outputKey()).contains("VpcId", "PublicSubnetIds", "PrivateSubnetIds");
        assertThat(tag(created, "rambla:commit")).isEqualTo(first);
        // A stack the listing did not show is created directly: its change set could only add everything.
        assertThat(calls.count("CreateStack")).isEqualTo(1);
        assertThat(calls.count("CreateChangeSet")).isZero();
        assertThat(calls.count("ExecuteChangeSet")).isZero();
        assertThat(status().lastAppliedRevision()).isEqualTo(first);
        assertThat(status().message()).as("the resources the creation added, counted from the template").containsPattern("\\d+ add");

        String second = git.commitAndPush("widen the district", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.21.0.0/16\n"));

        reconciler.sync();

        Stack updated = liveStack();
        assertThat(updated.stackStatusAsString()).isEqualTo("UPDATE_COMPLETE");
        assertThat(tag(updated, "rambla:commit")).isEqualTo(second);
        assertThat(calls.count("CreateChangeSet")).as("an update goes through a change set").isEqualTo(1);
        assertThat(calls.count("ExecuteChangeSet")).isEqualTo(1);
        assertThat(status().state()).isEqualTo(UnitState.APPLIED);
        assertThat(status().lastAttemptedRevision()).isEqualTo(second);
        assertThat(status().lastAppliedRevision()).isEqualTo(second);
    }

    @Test
    void aCommitThatLeavesTheTemplateAloneCreatesNoChangeSet() throws Exception {
        String first = git.commitAndPush("add district", Map.of(
                "rambla.yml", "stack_prefix: it\n",
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.30.0.0/16\n"));
        reconciler.sync();
        long changeSetsBefore = calls.count("CreateChangeSet");

        String docsOnly = git.commitAndPush("document the district", Map.of("README.md", "# Our infrastructure\n"));
        var report = reconciler.sync();

        assertThat(report.skipped()).isFalse();
        assertThat(report.revision()).isEqualTo(docsOnly);
        assertThat(calls.count("CreateChangeSet")).isEqualTo(changeSetsBefore);
        assertThat(calls.count("CreateStack")).as("the first commit's creation only").isEqualTo(1);
        assertThat(calls.count("ExecuteChangeSet")).isZero();
        assertThat(status().state()).isEqualTo(UnitState.APPLIED);
        assertThat(status().lastAttemptedRevision()).isEqualTo(docsOnly);
        assertThat(status().lastAppliedRevision()).as("the stack still reflects the commit that changed it").isEqualTo(first);
    }

    @Test
    void anInvalidCommitAppliesNothingAndEveryUnitSaysWhy() throws Exception {
        git.commitAndPush("add district", Map.of(
                "rambla.yml", "stack_prefix: it\n",
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.40.0.0/16\n"));
        reconciler.sync();
        long changeSetsBefore = calls.count("CreateChangeSet");

        git.commitAndPush("break the district", Map.of("districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_blok: 10.41.0.0/16\n"));
        reconciler.sync();

        assertThat(calls.count("CreateChangeSet")).isEqualTo(changeSetsBefore);
        assertThat(status().state()).isEqualTo(UnitState.INVALID);
        assertThat(status().message()).contains("districts/" + district + ".yml").contains("cidr_blok").contains("did you mean");
    }

    @Test
    void aFailedCreationIsReportedInCloudFormationsOwnWords() throws Exception {
        // The pinned emulator cannot allocate Elastic IPs, so the NAT gateway of a managed_gateway
        // district fails to create: a real CloudFormation failure, rolled back by the emulator.
        String commit = git.commitAndPush("add district with NAT", Map.of(
                "rambla.yml", "stack_prefix: it\n",
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: managed_gateway\ncidr_block: 10.60.0.0/16\n"));

        var report = reconciler.sync();

        assertThat(report.units()).containsEntry("district/" + district, UnitState.FAILED);
        assertThat(status().lastAttemptedRevision()).isEqualTo(commit);
        assertThat(status().lastAppliedRevision()).isNull();
        // AWS rolls a failed CreateStack back (ROLLBACK_COMPLETE); the pinned emulator leaves it CREATE_FAILED.
        assertThat(status().message())
                .containsPattern("^it-district-" + district + " (ROLLBACK_COMPLETE|CREATE_FAILED): ")
                .contains("NatGateway1 (AWS::EC2::NatGateway) CREATE_FAILED")
                .contains("InvalidAllocationID.NotFound");
        // The empty stack is deleted at once and the message says how that went. The emulator
        // cannot cleanly delete this rolled-back NAT gateway: its deletion may pass DELETE_FAILED.
        assertThat(status().message()).containsPattern(
                "; (the stack the failed creation left was deleted|deleting the stack the failed creation left ended DELETE_FAILED: it needs manual attention)$");
        assertThat(liveStackStatus()).isIn("DELETE_COMPLETE", "DELETE_FAILED", "gone");
    }

    private String liveStackStatus() {
        try {
            return liveStack().stackStatusAsString();
        } catch (software.amazon.awssdk.services.cloudformation.model.CloudFormationException e) {
            return "gone";
        }
    }

    private UnitStatus status() {
        return statuses.get("district/" + district).orElseThrow();
    }

    private Stack liveStack() {
        return cloudFormation.describeStacks(r -> r.stackName("it-district-" + district)).stacks().get(0);
    }

    private static String tag(Stack stack, String key) {
        return stack.tags().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null);
    }
}
