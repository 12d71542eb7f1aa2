package io.rambla.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rambla.support.FakeEcs;
import io.rambla.support.FakeEcsRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;

/** The ECS adapter of rambla run against WireMock speaking ECS's JSON 1.1 protocol: what it sends, what it reads back. */
class AwsEcsTasksTest {

    private static final String DEFINITION = FakeEcs.liveTaskDefinitionArn(FakeEcs.FAMILY);
    private static final String GROUP = "rambla-app-shop-production-OneOffLogGroup-Q1w2";
    private static final RunTarget TARGET = RunTarget.of("app/shop/production", "rambla-app-shop-production", "us-east-1", Map.of(
            "OneOffTaskDefinitionArn", DEFINITION, "ClusterName", "rambla-district-production",
            "CapacityProvider", "rambla-district-production-Ec2", "SubnetIds", "subnet-0aaa,subnet-0bbb",
            "OneOffSecurityGroupId", "sg-0one"));

    private final FakeEcs fake = new FakeEcs();
    private final FakeEcsRun run = new FakeEcsRun(fake);
    private final EcsClient client = fake.client();
    private final AwsEcsTasks ecs = new AwsEcsTasks(client);

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void runs_the_live_revision_itself_with_the_command_overridden_in_private_subnets_and_finds_its_log_stream() {
        run.oneOffDefinition(DEFINITION, GROUP, false).startsARunningTask();

        var started = ecs.start(TARGET, new RunSpec(List.of("bundle", "exec", "rails", "runner", "Shop.fix!"), 512, 1024, null, false),
                "0123456789abcdef0123456789abcdef");

        assertThat(started).isEqualTo(new EcsTasks.StartedTask(FakeEcs.TASK_ARN,
                new TaskLogs.Stream(GROUP, "one-off/one-off/" + FakeEcsRun.TASK_ID)));
        assertThat(fake.operations()).containsExactly("DescribeTaskDefinition", "RunTask");
        JsonNode request = fake.requests("RunTask").get(0);
        assertThat(request.path("taskDefinition").asText()).isEqualTo(DEFINITION);
        assertThat(request.path("cluster").asText()).isEqualTo("rambla-district-production");
        assertThat(request.path("clientToken").asText()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(request.path("startedBy").asText()).isEqualTo("rambla-run");
        assertThat(request.path("capacityProviderStrategy").get(0).path("capacityProvider").asText()).isEqualTo("rambla-district-production-Ec2");
        JsonNode awsvpc = request.path("networkConfiguration").path("awsvpcConfiguration");
        assertThat(awsvpc.path("subnets")).extracting(JsonNode::asText).containsExactly("subnet-0aaa", "subnet-0bbb");
        assertThat(awsvpc.path("securityGroups")).extracting(JsonNode::asText).containsExactly("sg-0one");
        assertThat(awsvpc.path("assignPublicIp").asText()).isEqualTo("DISABLED");
        JsonNode container = request.path("overrides").path("containerOverrides").get(0);
        assertThat(container.path("name").asText()).isEqualTo("one-off");
        assertThat(container.path("command")).extracting(JsonNode::asText).containsExactly("bundle", "exec", "rails", "runner", "Shop.fix!");
        assertThat(container.path("cpu").asInt()).isEqualTo(512);
        assertThat(container.path("memory").asInt()).isEqualTo(1024);
        // On EC2 the container's size is the task's; there is no task-level size to override.
        assertThat(request.path("overrides").has("cpu")).isFalse();
    }

    @Test
    void ecs_exec_is_asked_for_only_when_the_run_needs_it_and_its_agents_status_is_read_back() {
        run.oneOffDefinition(DEFINITION, GROUP, false).startsARunningTask();

        ecs.start(TARGET, new RunSpec(List.of("sleep", "3600"), null, null, null, false), null, true);
        ecs.start(TARGET, new RunSpec(List.of("true"), null, null, null, false), null);

        assertThat(fake.requests("RunTask").get(0).path("enableExecuteCommand").isBoolean()).isTrue();
        assertThat(fake.requests("RunTask").get(0).path("enableExecuteCommand").asBoolean()).isTrue();
        assertThat(fake.requests("RunTask").get(1).has("enableExecuteCommand")).isFalse();
        assertThat(ecs.describe(TARGET, FakeEcs.TASK_ARN).execAgent()).isNull();

        run.execAgent("PENDING");
        assertThat(ecs.describe(TARGET, FakeEcs.TASK_ARN)).isEqualTo(new TaskStatus("RUNNING", null, null, null, null, "PENDING"));
        assertThat(ecs.describe(TARGET, FakeEcs.TASK_ARN).readyForExec()).isFalse();
        run.execAgent("RUNNING");
        assertThat(ecs.describe(TARGET, FakeEcs.TASK_ARN).readyForExec()).isTrue();
    }

    @Test
    void on_fargate_a_bigger_memory_takes_the_smallest_task_size_that_holds_it() {
        run.oneOffDefinition(DEFINITION, GROUP, true).startsARunningTask();

        ecs.start(TARGET, new RunSpec(List.of("rake", "reindex"), null, 2048, null, false), null);

        JsonNode overrides = fake.requests("RunTask").get(0).path("overrides");
        assertThat(overrides.path("cpu").asText()).isEqualTo("256");
        assertThat(overrides.path("memory").asText()).isEqualTo("2048");
        assertThat(overrides.path("containerOverrides").get(0).has("cpu")).isFalse();
    }

    @Test
    void a_task_ecs_cannot_place_is_refused_with_its_reason() {
        run.oneOffDefinition(DEFINITION, GROUP, false);
        fake.taskCannotBePlaced("RESOURCE:MEMORY");

        assertThatThrownBy(() -> ecs.start(TARGET, new RunSpec(List.of("true"), null, null, null, false), null))
                .isInstanceOf(RunException.class)
                .hasMessage("ECS started no task: RESOURCE:MEMORY on arn:aws:ecs:us-east-1:123456789012:container-instance/abc");
    }

    @Test
    void the_exit_code_and_the_reasons_of_a_stopped_task_are_read_back() {
        run.oneOffDefinition(DEFINITION, GROUP, false).startsARunningTask();
        assertThat(ecs.describe(TARGET, FakeEcs.TASK_ARN).stopped()).isFalse();

        run.exits(42);
        assertThat(ecs.describe(TARGET, FakeEcs.TASK_ARN)).isEqualTo(new TaskStatus("STOPPED", 42, "EssentialContainerExited",
                "Essential container in task exited", null));

        run.neverStarted("ResourceInitializationError: unable to pull secrets", "CannotPullContainerError: shop:1.28 not found");
        assertThat(ecs.describe(TARGET, FakeEcs.TASK_ARN)).isEqualTo(new TaskStatus("STOPPED", null, "TaskFailedToStart",
                "ResourceInitializationError: unable to pull secrets", "CannotPullContainerError: shop:1.28 not found"));
    }

    @Test
    void stop_sends_the_reason_and_an_ecs_error_becomes_a_run_exception_naming_the_call() {
        run.startsARunningTask();
        ecs.stop(TARGET, FakeEcs.TASK_ARN, "Rambla: the run's timeout of 5 s passed");
        assertThat(fake.requests("StopTask").get(0).path("reason").asText()).isEqualTo("Rambla: the run's timeout of 5 s passed");
        assertThat(fake.requests("StopTask").get(0).path("cluster").asText()).isEqualTo("rambla-district-production");

        // No DescribeTaskDefinition stub: WireMock answers 404, which the SDK raises.
        assertThatThrownBy(() -> ecs.start(TARGET, new RunSpec(List.of("true"), null, null, null, false), null))
                .isInstanceOf(RunException.class).hasMessageStartingWith("ECS DescribeTaskDefinition failed: ");
    }
}
