package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.apply.StackApplier;
import io.rambla.cluster.ClusterApprovalStore;
import io.rambla.cluster.ClusterDatabase;
import io.rambla.config.ClusterConfig;
import io.rambla.retry.Backoff;
import io.rambla.retry.Sleeper;
import io.rambla.source.JGitSource;
import io.rambla.status.ApprovalStore;
import io.rambla.status.ApprovedUnits;
import io.rambla.status.JsonApprovalStore;
import io.rambla.status.PausedUnits;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import io.rambla.support.Postgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * An approval outlives the daemon that took it. On the emulator, with a real git repository: a
 * daemon holds a commit that replaces the VPC (rambla.yml {@code approval: replacements}), an operator approves it, and the
 * daemon is gone before it syncs again. A new daemon (a fresh checkout, fresh statuses: nothing of
 * the first but its approval store) applies the approved commit without asking again, where one
 * that keeps approvals in memory only holds it again. In a cluster the approval is made through
 * one daemon and applied by another that was already running, which reads the database at the
 * start of its sync.
 */
class ApprovalRestartIT {

    @TempDir
    Path temp;

    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);

    private Reconciler daemon(String name, GitFixture git, CloudFormationClient client, ApprovedUnits approvals) {
        var stacks = new AwsCloudFormationStacks(client, BACKOFF);
        return new Reconciler(new JGitSource(git.url(), "main", temp.resolve("checkout-" + name)),
                new StackApplier(stacks, BACKOFF, Duration.ofMinutes(5)), new UnitStatusStore(), List.of(), SyncSettings.defaults(),
                Clock.systemUTC(), Sleeper.THREAD, new PausedUnits(), approvals);
    }

    /** Commits a district (applied at once: nothing is live yet to hold) and a change to it; returns the held commit. */
    private static String heldCommit(GitFixture git, String district, Reconciler first) throws Exception {
        String file = "districts/" + district + ".yml";
        git.commitAndPush("add district", Map.of("rambla.yml", "stack_prefix: it\napproval: replacements\n",
                file, "region: us-east-1\nnat_type: none\ncidr_block: 10.95.0.0/16\n"));
        assertThat(first.sync().units()).containsEntry("district/" + district, UnitState.APPLIED);
        return git.commitAndPush("move the VPC", Map.of(file, "region: us-east-1\nnat_type: none\ncidr_block: 10.96.0.0/16\n"));
    }

    @Test
    void aDaemonRunningAloneAppliesAfterARestartWhatWasApprovedBeforeIt() throws Exception {
        String district = Emulator.uniqueName("approve-rs");
        String unit = "district/" + district;
        Path file = temp.resolve("checkout.approvals.json");
        var calls = new AwsCallCounter();
        try (GitFixture git = GitFixture.create(temp, "main"); CloudFormationClient client = Emulator.cloudFormation(calls)) {
            var before = new ApprovedUnits(new JsonApprovalStore(file));
            Reconciler first = daemon("first", git, client, before);
            String held = heldCommit(git, district, first);
            assertThat(first.sync().units()).containsEntry(unit, UnitState.AWAITING_APPROVAL);
            before.approve(unit, held, Instant.now());
            // The first daemon is gone here, before any sync saw the approval.

            Reconciler forgetful = daemon("forgetful", git, client, new ApprovedUnits(ApprovalStore.none()));
            assertThat(forgetful.sync().units()).as("kept in memory only, the approval is lost").containsEntry(unit, UnitState.AWAITING_APPROVAL);
            assertThat(calls.count("ExecuteChangeSet")).isZero();

            Reconciler restarted = daemon("restarted", git, client, new ApprovedUnits(new JsonApprovalStore(file)));
            assertThat(restarted.sync().units()).containsEntry(unit, UnitState.APPLIED);
            assertThat(calls.count("ExecuteChangeSet")).as("the approved commit, executed once").isEqualTo(1);
            assertThat(client.describeStacks(r -> r.stackName("it-district-" + district)).stacks().get(0).tags())
                    .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("rambla:commit=" + held));
        }
    }

    @Test
    void inAClusterAnApprovalThroughOneDaemonIsAppliedByAnotherAndSurvivesItsRestart() throws Exception {
        Postgres.requireRunning();
        var config = new ClusterConfig(true, Postgres.JDBC_URL, Postgres.USER, Postgres.PASSWORD, Emulator.uniqueName("approve-cluster"),
                Duration.ofSeconds(5));
        String district = Emulator.uniqueName("approve-cl");
        String unit = "district/" + district;
        var calls = new AwsCallCounter();
        try (GitFixture git = GitFixture.create(temp, "main"); CloudFormationClient client = Emulator.cloudFormation(calls);
                ClusterDatabase database = ClusterDatabase.open(config)) {
            // The applying daemon has been running since before the approval.
            Reconciler leader = daemon("leader", git, client, new ApprovedUnits(new ClusterApprovalStore(database, config)));
            String held = heldCommit(git, district, leader);
            assertThat(leader.sync().units()).containsEntry(unit, UnitState.AWAITING_APPROVAL);

            // The operator's request reached the other daemon of the cluster.
            new ApprovedUnits(new ClusterApprovalStore(database, config)).approve(unit, held, Instant.now());

            assertThat(leader.sync().units()).containsEntry(unit, UnitState.APPLIED);
            assertThat(calls.count("ExecuteChangeSet")).isEqualTo(1);
            // And a daemon started afterwards knows the approval too.
            assertThat(new ApprovedUnits(new ClusterApprovalStore(database, config)).approved(unit, held)).isTrue();
        }
    }
}
