package io.rambla.drift.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.drift.StackDrift;
import io.rambla.retry.Backoff;
import io.rambla.apply.DriftDetections.DriftDetectionUnavailable;
import io.rambla.apply.StackApplier;
import io.rambla.drift.StackDrift.DriftedResource;
import io.rambla.drift.StackDrift.Status;
import io.rambla.reconcile.Reconciler;
import io.rambla.reconcile.SyncSettings;
import io.rambla.retry.Sleeper;
import io.rambla.retry.UnitRetry;
import io.rambla.source.JGitSource;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * Drift checks against the emulator. LocalStack community (2026.3.0) does not emulate drift
 * detection: DetectStackDrift answers HTTP 501 InternalFailure. These tests pin down that the
 * daemon degrades gracefully — the unit stays applied, its drift reads UNAVAILABLE with
 * CloudFormation's error text, the check is not repeated before the interval — and that the
 * drift-aware change set of self-healing is a request the API accepts.
 */
class DriftDetectionIT {

    private static final String NOT_EMULATED = "InternalFailure (HTTP 501): The API for service cloudformation is either not included"
            + " in your current license plan or has not yet been emulated by LocalStack.";

    @TempDir
    Path temp;

    /** A clock the test moves forward, so the interval passes without waiting. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

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

    private record Daemon(Reconciler reconciler, DriftWatch drift, UnitStatusStore statuses) {}

    private Daemon daemon(GitFixture git, CloudFormationClient client, DriftSettings settings, Clock clock) {
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
        var stacks = new AwsCloudFormationStacks(client, backoff);
        var statuses = new UnitStatusStore();
        var drift = new DriftWatch(stacks, stacks, statuses, settings, backoff, Duration.ofMinutes(5), 4, clock);
        var reconciler = new Reconciler(new JGitSource(git.url(), "main", temp.resolve("checkout")),
                new StackApplier(stacks, backoff, Duration.ofMinutes(5)), statuses, List.of(drift),
                new SyncSettings(4, UnitRetry.standard(), settings.enabled()), clock, Sleeper.THREAD);
        return new Daemon(reconciler, drift, statuses);
    }

    private static Map<String, String> district(String name) {
        return Map.of("rambla.yml", "stack_prefix: it\n",
                "districts/" + name + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.92.0.0/16\n");
    }

    @Test
    void the_emulator_refuses_drift_detection_and_the_adapter_says_so_in_cloudformations_words() {
        var calls = new AwsCallCounter();
        try (CloudFormationClient client = Emulator.cloudFormation(calls)) {
            var stacks = new AwsCloudFormationStacks(client, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5));

            Assertions.assertThatThrownBy(() -> stacks.detectDrift("it-no-such-stack"))
                    .isInstanceOf(DriftDetectionUnavailable.class)
                    .hasMessage("DetectStackDrift on it-no-such-stack failed: " + NOT_EMULATED);
            assertThat(calls.count("DetectStackDrift")).isEqualTo(1);
            assertThat(calls.count("DescribeStackDriftDetectionStatus")).isZero();
        }
    }

    @Test
    void a_refused_drift_check_leaves_the_unit_applied_shows_why_and_waits_for_the_interval() throws Exception {
        String name = Emulator.uniqueName("drift");
        String unit = "district/" + name;
        var calls = new AwsCallCounter();
        var clock = new MovableClock();
        try (GitFixture git = GitFixture.create(temp, "main"); CloudFormationClient client = Emulator.cloudFormation(calls)) {
            var daemon = daemon(git, client, new DriftSettings(Duration.ofHours(6), false), clock);
            git.commitAndPush("add district", district(name));

            var report = daemon.reconciler().sync();

            assertThat(calls.count("DetectStackDrift")).as("a sync checks no drift: the drift job does").isZero();
            assertThat(daemon.drift().checkDue()).containsExactly(unit);
            assertThat(report.units()).containsEntry(unit, UnitState.APPLIED);
            var status = daemon.statuses().get(unit).orElseThrow();
            assertThat(status.state()).as("the sync is unaffected").isEqualTo(UnitState.APPLIED);
            assertThat(status.lastAppliedRevision()).isEqualTo(report.revision());
            assertThat(status.drift().status()).isEqualTo(Status.UNAVAILABLE);
            assertThat(status.drift().checkedAt()).isEqualTo(clock.instant());
            assertThat(status.drift().message()).isEqualTo("drift detection unavailable: DetectStackDrift on it-district-" + name
                    + " failed: " + NOT_EMULATED);
            assertThat(calls.count("DetectStackDrift")).isEqualTo(1);

            var again = daemon.reconciler().sync();
            daemon.drift().checkDue();

            assertThat(again.skipped()).as("nothing new in git").isTrue();
            assertThat(calls.count("DetectStackDrift")).as("not due again before the interval").isEqualTo(1);

            clock.advance(Duration.ofHours(6));
            daemon.drift().checkDue();

            assertThat(calls.count("DetectStackDrift")).as("due once the interval has passed, without a new commit").isEqualTo(2);
            assertThat(daemon.statuses().get(unit).orElseThrow().state()).isEqualTo(UnitState.APPLIED);
            assertThat(daemon.statuses().get(unit).orElseThrow().drift().checkedAt()).isEqualTo(clock.instant());
        }
    }

    @Test
    void self_healing_sends_a_drift_aware_change_set_which_the_emulator_accepts_but_finds_nothing_to_revert() throws Exception {
        String name = Emulator.uniqueName("heal");
        String unit = "district/" + name;
        String stack = "it-district-" + name;
        var calls = new AwsCallCounter();
        try (GitFixture git = GitFixture.create(temp, "main"); CloudFormationClient client = Emulator.cloudFormation(calls)) {
            var daemon = daemon(git, client, new DriftSettings(Duration.ofHours(6), true), new MovableClock());
            git.commitAndPush("add district", district(name));
            daemon.reconciler().sync();
            daemon.drift().checkDue();
            assertThat(daemon.statuses().get(unit).orElseThrow().drift().status())
                    .as("an unavailable check never triggers a revert").isEqualTo(Status.UNAVAILABLE);
            assertThat(calls.count("CreateChangeSet")).as("the district was created directly").isZero();
            String hash = client.describeStacks(r -> r.stackName(stack)).stacks().get(0).tags().stream()
                    .filter(t -> t.key().equals("rambla:desired-hash")).findFirst().orElseThrow().value();

            // What a real detection would report; the emulator cannot produce it.
            var found = new StackDrift(Status.DRIFTED, Instant.now(), List.of(new DriftedResource("Vpc", "AWS::EC2::VPC", "MODIFIED",
                    List.of("/EnableDnsHostnames: expected true, actual false"))), null);
            var result = daemon.drift().revert(unit, stack, found);

            assertThat(calls.count("CreateChangeSet")).isEqualTo(1);
            assertThat(calls.count("ExecuteChangeSet")).as("nothing to execute").isZero();
            assertThat(result.status()).isEqualTo(Status.DRIFTED);
            assertThat(result.resources()).isEqualTo(found.resources());
            assertThat(result.message()).isEqualTo("self-healing: the drift-aware change set for Vpc contained no changes, so CloudFormation"
                    + " cannot revert this drift (The submitted information didn't contain changes. Submit different information to create a change set.)");
            assertThat(client.listChangeSets(r -> r.stackName(stack)).summaries()).as("the empty change set is deleted").isEmpty();
            var live = client.describeStacks(r -> r.stackName(stack)).stacks().get(0);
            assertThat(live.tags()).anySatisfy(t -> {
                assertThat(t.key()).isEqualTo("rambla:desired-hash");
                assertThat(t.value()).isEqualTo(hash);
            });
        }
    }
}
