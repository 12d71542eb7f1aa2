package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.apply.RegionalStacks;
import io.rambla.apply.StackApplier;
import io.rambla.retry.Backoff;
import io.rambla.source.JGitSource;
import io.rambla.status.UnitState;
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

/** One daemon, two districts in two regions of the emulator: each district's stacks live in its own region. */
class TwoRegionsIT {

    private static final String HOME = Emulator.REGION;
    private static final String AWAY = "eu-west-1";

    @TempDir
    Path temp;

    private GitFixture git;
    private CloudFormationClient home;
    private CloudFormationClient away;
    private Reconciler reconciler;
    private final UnitStatusStore statuses = new UnitStatusStore();
    private String name;

    @BeforeEach
    void setUp() throws Exception {
        git = GitFixture.create(temp, "main");
        var counter = new AwsCallCounter();
        var config = Emulator.config();
        home = AwsClientFactory.cloudFormation(config, counter);
        away = AwsClientFactory.cloudFormation(config.inRegion(AWAY), counter);
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
        // As the daemon wires it (ReconcilerFactory): the home region's client, and one per other region.
        var stacks = new RegionalStacks(HOME, region -> new AwsCloudFormationStacks(
                region.equals(HOME) ? home : AwsClientFactory.cloudFormation(config.inRegion(region), counter), backoff));
        var applier = new StackApplier(stacks, backoff, Duration.ofMinutes(5));
        reconciler = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("checkout")), applier, statuses);
        name = Emulator.uniqueName("rg");
    }

    @AfterEach
    void tearDown() {
        for (var client : new CloudFormationClient[] {home, away}) {
            for (String stack : new String[] {"it-endpoint-" + name + "-eu-lan", "it-district-" + name + "-eu", "it-district-" + name + "-us"}) {
                try {
                    client.deleteStack(r -> r.stackName(stack));
                } catch (RuntimeException e) {
                    // best effort: it lives in the other region
                }
            }
        }
        home.close();
        away.close();
        git.close();
    }

    private static Stack stack(CloudFormationClient client, String name) {
        return client.describeStacks(r -> r.stackName(name)).stacks().get(0);
    }

    @Test
    void each_districts_stacks_are_created_in_the_districts_region() throws Exception {
        git.commitAndPush("two districts in two regions", Map.of(
                "rambla.yml", "stack_prefix: it\n",
                "districts/" + name + "-us.yml", "region: " + HOME + "\nnat_type: none\ncidr_block: 10.80.0.0/16\n",
                "districts/" + name + "-eu.yml", "region: " + AWAY + "\nnat_type: none\ncidr_block: 10.81.0.0/16\n"
                        + "endpoints:\n  - name: lan\n    public: false\n"));

        var report = reconciler.sync();

        assertThat(report.units()).containsEntry("district/" + name + "-us", UnitState.APPLIED)
                .containsEntry("district/" + name + "-eu", UnitState.APPLIED)
                .containsEntry("endpoint/" + name + "-eu/lan", UnitState.APPLIED);
        assertThat(stack(home, "it-district-" + name + "-us").stackId()).contains(":" + HOME + ":");
        Stack eu = stack(away, "it-district-" + name + "-eu");
        assertThat(eu.stackId()).contains(":" + AWAY + ":");
        // The endpoint read its subnets from the district in its own region.
        assertThat(stack(away, "it-endpoint-" + name + "-eu-lan").parameters())
                .anySatisfy(p -> assertThat(p.parameterKey()).isEqualTo("VpcId"));
        assertThat(statuses.get("endpoint/" + name + "-eu/lan").orElseThrow().region()).as("the status names the region").isEqualTo(AWAY);
        assertThat(statuses.get("district/" + name + "-us").orElseThrow().region()).isEqualTo(HOME);
        assertThatThrownBy(() -> stack(home, "it-district-" + name + "-eu")).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> stack(away, "it-district-" + name + "-us")).hasMessageContaining("does not exist");

        assertThat(reconciler.sync(true).units()).as("a second sync finds every stack where it put it")
                .containsEntry("district/" + name + "-eu", UnitState.APPLIED)
                .containsEntry("endpoint/" + name + "-eu/lan", UnitState.APPLIED);
    }
}
