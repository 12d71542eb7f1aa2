package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.apply.StackApplier;
import io.rambla.retry.Backoff;
import io.rambla.retry.Sleeper;
import io.rambla.source.JGitSource;
import io.rambla.status.ApprovedUnits;
import io.rambla.status.PausedUnits;
import io.rambla.status.SyncListener;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * rambla.yml's {@code approval: replacements} on the emulator: a commit that replaces the district's
 * VPC is held, executes nothing and leaves no change set, until an operator approves that commit; a
 * newer commit supersedes the held one and is held afresh.
 */
class ApprovalIT {

    @TempDir
    Path temp;

    /** What the commit statuses are made from: every unit state per commit, and supersessions. */
    static final class Recorded implements SyncListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void unitChanged(String revision, UnitStatus status) {
            events.add(revision.substring(0, 7) + " " + status.state() + " " + status.message());
        }

        @Override
        public void unitSuperseded(String heldRevision, String unitId, String newerRevision) {
            events.add(heldRevision.substring(0, 7) + " superseded by " + newerRevision.substring(0, 7));
        }
    }

    @Test
    void aReplacementIsHeldUntilItsCommitIsApprovedAndANewerCommitSupersedesIt() throws Exception {
        String district = Emulator.uniqueName("approve");
        String unit = "district/" + district;
        String stack = "it-district-" + district;
        String file = "districts/" + district + ".yml";
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
        var calls = new AwsCallCounter();
        var statuses = new UnitStatusStore();
        var approvals = new ApprovedUnits();
        var recorded = new Recorded();
        try (GitFixture git = GitFixture.create(temp, "main"); CloudFormationClient client = Emulator.cloudFormation(calls)) {
            var stacks = new AwsCloudFormationStacks(client, backoff);
            var reconciler = new Reconciler(new JGitSource(git.url(), "main", temp.resolve("checkout")),
                    new StackApplier(stacks, backoff, Duration.ofMinutes(5)), statuses, List.of(recorded), SyncSettings.defaults(),
                    Clock.systemUTC(), Sleeper.THREAD, new PausedUnits(), approvals);

            // A new district only adds resources: approval: replacements lets it through.
            git.commitAndPush("add district", Map.of("rambla.yml", "stack_prefix: it\napproval: replacements\n",
                    file, "region: us-east-1\nnat_type: none\ncidr_block: 10.92.0.0/16\n"));
            assertThat(reconciler.sync().units()).containsEntry(unit, UnitState.APPLIED);
            String created = stacks.describe(stack).orElseThrow().tag("rambla:commit");
            assertThat(calls.count("CreateStack") + calls.count("ExecuteChangeSet")).isEqualTo(1);

            // A new CIDR replaces the VPC: held, nothing executed, no change set left behind.
            String replacing = git.commitAndPush("move the VPC", Map.of(file, "region: us-east-1\nnat_type: none\ncidr_block: 10.93.0.0/16\n"));
            assertThat(reconciler.sync().units()).containsEntry(unit, UnitState.AWAITING_APPROVAL);
            UnitStatus held = statuses.get(unit).orElseThrow();
            assertThat(held.lastAttemptedRevision()).isEqualTo(replacing);
            assertThat(held.lastAppliedRevision()).isEqualTo(created);
            // The VPC and its subnets: three named, the rest counted.
            assertThat(held.message()).matches("awaiting approval: replaces AWS::EC2::(VPC|Subnet) \\w+, .* and 2 more"
                    + " \\(stateful: its data or address is lost\\) \\(approval: replacements\\)");
            assertThat(calls.count("ExecuteChangeSet")).as("nothing executed while held").isZero();
            assertThat(stacks.describe(stack).orElseThrow().tag("rambla:commit")).isEqualTo(created);
            assertThat(client.listChangeSets(r -> r.stackName(stack)).summaries()).isEmpty();
            assertThat(recorded.events).contains(replacing.substring(0, 7) + " AWAITING_APPROVAL " + held.message());

            // Polling the same commit again changes nothing: it waits.
            assertThat(reconciler.sync().skipped()).isTrue();
            assertThat(calls.count("ExecuteChangeSet")).as("nothing executed while held").isZero();

            // A newer commit supersedes the held one and is judged afresh: held again.
            String newer = git.commitAndPush("move it elsewhere", Map.of(file, "region: us-east-1\nnat_type: none\ncidr_block: 10.94.0.0/16\n"));
            assertThat(reconciler.sync().units()).containsEntry(unit, UnitState.AWAITING_APPROVAL);
            assertThat(statuses.get(unit).orElseThrow().lastAttemptedRevision()).isEqualTo(newer);
            assertThat(recorded.events).contains(replacing.substring(0, 7) + " superseded by " + newer.substring(0, 7));

            // Approving the superseded commit lets nothing through.
            approvals.approve(unit, replacing, Instant.now());
            assertThat(reconciler.sync().units()).containsEntry(unit, UnitState.AWAITING_APPROVAL);
            assertThat(calls.count("ExecuteChangeSet")).as("nothing executed while held").isZero();

            // Approving the held commit applies it.
            approvals.approve(unit, newer, Instant.now());
            assertThat(reconciler.sync().units()).containsEntry(unit, UnitState.APPLIED);
            assertThat(calls.count("ExecuteChangeSet")).as("the approved commit, executed").isEqualTo(1);
            var live = stacks.describe(stack).orElseThrow();
            assertThat(live.tag("rambla:commit")).isEqualTo(newer);
            assertThat(statuses.get(unit).orElseThrow().lastAppliedRevision()).isEqualTo(newer);
            assertThat(client.getTemplate(r -> r.stackName(stack)).templateBody()).contains("10.94.0.0/16").doesNotContain("10.93.0.0/16");
        }
    }
}
