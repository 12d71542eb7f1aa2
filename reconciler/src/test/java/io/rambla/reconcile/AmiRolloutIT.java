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
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A new AMI in the SSM parameter a district follows rolls out without a commit; a pinned AMI stays.
 * AWS's own public parameter cannot be written, even on the emulator, so the districts follow a
 * parameter of the test's own ({@code cluster_ami: /path}), which takes the same path through Rambla.
 */
class AmiRolloutIT {

    @TempDir
    Path temp;

    private GitFixture git;
    private CloudFormationClient cloudFormation;
    private SsmClient ssm;
    private final UnitStatusStore statuses = new UnitStatusStore();
    private Reconciler reconciler;
    private String name;
    private String parameter;

    @BeforeEach
    void setUp() throws Exception {
        git = GitFixture.create(temp, "main");
        cloudFormation = Emulator.cloudFormation(new AwsCallCounter());
        ssm = SsmClient.builder().region(Region.of(Emulator.REGION)).endpointOverride(URI.create(Emulator.ENDPOINT))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
        var applier = new StackApplier(new AwsCloudFormationStacks(cloudFormation, backoff), backoff, Duration.ofMinutes(5));
        reconciler = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("checkout")), applier, statuses);
        name = Emulator.uniqueName("ami");
        parameter = "/rambla-it/" + name + "/ecs-ami";
    }

    @AfterEach
    void tearDown() {
        for (String stack : new String[] {"it-district-" + name, "it-district-" + name + "-pinned"}) {
            try {
                cloudFormation.deleteStack(r -> r.stackName(stack));
            } catch (RuntimeException e) {
                // best effort
            }
        }
        ssm.close();
        cloudFormation.close();
        git.close();
    }

    private void publish(String ami) {
        ssm.putParameter(r -> r.name(parameter).value(ami).type(ParameterType.STRING).overwrite(true));
    }

    private String runningAmi(String stack) {
        return cloudFormation.describeStacks(r -> r.stackName(stack)).stacks().get(0).outputs().stream()
                .filter(o -> o.outputKey().equals("EcsAmiId")).findFirst().orElseThrow().outputValue();
    }

    @Test
    void a_new_ami_in_the_followed_parameter_rolls_out_without_a_commit_and_a_pinned_ami_does_not_move() throws Exception {
        publish("ami-0aaaaaaaaaaaaaaaa");
        git.commitAndPush("two districts", Map.of(
                "rambla.yml", "stack_prefix: it\n",
                "districts/" + name + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.70.0.0/16\ncluster_ami: " + parameter + "\n",
                "districts/" + name + "-pinned.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.71.0.0/16\n"
                        + "cluster_ami: ami-0123456789abcdef0\n"));
        var first = reconciler.sync();
        assertThat(first.units()).as("statuses: %s", statuses.all())
                .containsEntry("district/" + name, UnitState.APPLIED).containsEntry("district/" + name + "-pinned", UnitState.APPLIED);
        assertThat(runningAmi("it-district-" + name)).isEqualTo("ami-0aaaaaaaaaaaaaaaa");
        assertThat(runningAmi("it-district-" + name + "-pinned")).isEqualTo("ami-0123456789abcdef0");

        assertThat(reconciler.sync().skipped()).as("same commit, same AMI: nothing to do").isTrue();
        String[] plan = {"plan", git.workTree().toString(), "--endpoint", Emulator.ENDPOINT, "--region", Emulator.REGION};
        assertThat(io.rambla.cli.CliRunner.run(plan).exitCode()).as("plan before the new AMI").isZero();

        publish("ami-0bbbbbbbbbbbbbbbb");

        var planned = io.rambla.cli.CliRunner.run(plan);
        assertThat(planned.exitCode()).as(planned.out()).isEqualTo(3);
        assertThat(planned.out()).contains("# district/" + name + " (stack it-district-" + name + "): update")
                .contains("# district/" + name + "-pinned (stack it-district-" + name + "-pinned): no changes")
                .contains("\"ami-0aaaaaaaaaaaaaaaa\" -> \"ami-0bbbbbbbbbbbbbbbb\"");

        var second = reconciler.sync();
        assertThat(second.skipped()).as("a new AMI is a change even without a commit").isFalse();
        assertThat(runningAmi("it-district-" + name)).isEqualTo("ami-0bbbbbbbbbbbbbbbb");
        assertThat(runningAmi("it-district-" + name + "-pinned")).isEqualTo("ami-0123456789abcdef0");
        assertThat(io.rambla.cli.CliRunner.run(plan).exitCode()).as("plan after the rollout").isZero();
    }
}
