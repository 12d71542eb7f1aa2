package io.rambla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rambla.render.BeforeDeployTask;
import io.rambla.retry.Backoff;
import io.rambla.support.FakeEcs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;

/** The ECS adapter against WireMock speaking the ECS JSON 1.1 protocol: what it sends, what it makes of the answers. */
class AwsOneOffTasksTest {

    private static final String FAMILY = FakeEcs.FAMILY;
    private static final BeforeDeployTask MIGRATE = new BeforeDeployTask("bundle exec rake db:migrate",
            List.of("bundle", "exec", "rake", "db:migrate"), "public.ecr.aws/nginx/nginx:1.28", 512, 1024,
            Map.of("RAILS_ENV", "production"),
            Map.of("SECRET_KEY_BASE", "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/barcelona/production/shop/secret_key_base",
                    "DATABASE_URL", "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/production/database-url-AbCdEf"));
    private static final OneOffTaskRequest REQUEST = new OneOffTaskRequest("app/shop/production",
            FakeEcs.liveTaskDefinitionArn(FAMILY), "one-off", MIGRATE, "rambla-district-production", "rambla-district-production-Ec2-AbC",
            List.of("subnet-0aaa", "subnet-0bbb"), "sg-0one0off");
    private static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0);

    private final FakeEcs fake = new FakeEcs();
    private final EcsClient client = fake.client();
    private final AwsOneOffTasks tasks = new AwsOneOffTasks(client, FAST, Duration.ofSeconds(10));

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void a_task_whose_command_exits_with_0_reports_exit_code_0() {
        fake.taskExits(0);
        assertThat(tasks.run(REQUEST)).isEqualTo(new OneOffTaskResult.Exited(FakeEcs.TASK_ARN, 0));
        assertThat(fake.operations()).containsExactly("DescribeTaskDefinition", "RegisterTaskDefinition", "RunTask",
                "DescribeTasks", "DescribeTasks");
    }

    @Test
    void a_task_whose_command_exits_with_1_reports_exit_code_1() {
        fake.taskExits(1);
        assertThat(tasks.run(REQUEST)).isEqualTo(new OneOffTaskResult.Exited(FakeEcs.TASK_ARN, 1));
    }

    @Test
    void a_task_that_never_started_reports_ecs_stop_code_and_reason() {
        fake.taskNeverStarts("ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed");
        assertThat(tasks.run(REQUEST)).isEqualTo(new OneOffTaskResult.StoppedWithoutExitCode(FakeEcs.TASK_ARN, "TaskFailedToStart",
                "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed", null));
    }

    @Test
    void a_task_ecs_cannot_place_reports_the_failure() {
        fake.taskCannotBePlaced("RESOURCE:MEMORY");
        assertThat(tasks.run(REQUEST)).isEqualTo(new OneOffTaskResult.NotPlaced(
                "RESOURCE:MEMORY on arn:aws:ecs:us-east-1:123456789012:container-instance/abc"));
        assertThat(fake.operations()).containsExactly("DescribeTaskDefinition", "RegisterTaskDefinition", "RunTask");
    }

    @Test
    void an_ecs_error_is_returned_as_not_run_rather_than_thrown() {
        // No stubs: every call answers 404, which the SDK raises as an error.
        assertThat(tasks.run(REQUEST)).isInstanceOf(OneOffTaskResult.NotRun.class);
    }

    @Test
    void a_task_that_does_not_stop_in_time_is_reported_as_timed_out_and_stopped() {
        fake.taskExits(0).stopsTasks();
        var impatient = new AwsOneOffTasks(client, FAST, Duration.ZERO);
        assertThat(impatient.run(REQUEST)).isEqualTo(new OneOffTaskResult.TimedOut(FakeEcs.TASK_ARN, "PROVISIONING", Duration.ZERO));
        assertThat(fake.operations()).endsWith("RunTask", "StopTask");
        var stop = fake.requests("StopTask").get(0);
        assertThat(stop.path("task").asText()).isEqualTo(FakeEcs.TASK_ARN);
        assertThat(stop.path("cluster").asText()).isEqualTo("rambla-district-production");
        assertThat(stop.path("reason").asText()).contains("before_deploy did not finish");
    }

    @Test
    void a_task_that_stops_in_time_is_not_stopped_again() {
        fake.taskExits(0).stopsTasks();
        tasks.run(REQUEST);
        assertThat(fake.operations()).doesNotContain("StopTask");
    }

    @Test
    void run_task_carries_the_requests_client_token_so_a_restart_gets_the_same_task_back() {
        fake.taskExits(0);
        tasks.run(REQUEST.withClientToken("rambla-before-deploy-0123456789abcdef"));
        tasks.run(REQUEST.withClientToken("rambla-before-deploy-0123456789abcdef"));
        tasks.run(REQUEST);
        var tokens = fake.requests("RunTask").stream().map(r -> r.path("clientToken").asText()).toList();
        assertThat(tokens.subList(0, 2)).containsOnly("rambla-before-deploy-0123456789abcdef");
        assertThat(tokens.get(2)).as("without a token of its own the SDK makes a fresh one").isNotEqualTo(tokens.get(0));
    }

    @Test
    void the_new_revision_keeps_the_live_family_roles_network_and_logs_and_takes_the_new_image_size_and_environment() {
        fake.taskExits(0);
        tasks.run(REQUEST);

        assertThat(fake.requests("DescribeTaskDefinition").get(0).path("taskDefinition").asText())
                .isEqualTo(FakeEcs.liveTaskDefinitionArn(FAMILY));
        JsonNode registered = fake.requests("RegisterTaskDefinition").get(0);
        assertThat(registered.path("family").asText()).isEqualTo(FAMILY);
        assertThat(registered.path("taskRoleArn").asText()).isEqualTo(FakeEcs.TASK_ROLE);
        assertThat(registered.path("executionRoleArn").asText()).isEqualTo(FakeEcs.EXECUTION_ROLE);
        assertThat(registered.path("networkMode").asText()).isEqualTo("awsvpc");
        assertThat(registered.path("requiresCompatibilities").toString()).isEqualTo("[\"FARGATE\"]");
        assertThat(registered.path("cpu").asText()).isEqualTo("512");
        assertThat(registered.path("memory").asText()).isEqualTo("1024");
        JsonNode container = registered.path("containerDefinitions").get(0);
        assertThat(registered.path("containerDefinitions")).hasSize(1);
        assertThat(container.path("name").asText()).isEqualTo("one-off");
        assertThat(container.path("image").asText()).isEqualTo("public.ecr.aws/nginx/nginx:1.28");
        assertThat(container.path("environment").toString()).isEqualTo("[{\"name\":\"RAILS_ENV\",\"value\":\"production\"}]");
        assertThat(container.path("secrets").toString()).isEqualTo("[{\"name\":\"DATABASE_URL\",\"valueFrom\":"
                + "\"arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/production/database-url-AbCdEf\"},"
                + "{\"name\":\"SECRET_KEY_BASE\",\"valueFrom\":"
                + "\"arn:aws:ssm:us-east-1:123456789012:parameter/barcelona/production/shop/secret_key_base\"}]");
        assertThat(container.path("logConfiguration").path("options").path("awslogs-group").asText())
                .isEqualTo("rambla-app-shop-production-OneOffLogGroup-Q1w2");
        assertThat(container.has("command")).as("the command is an override of the run, not part of the definition").isFalse();
    }

    @Test
    void the_task_runs_once_with_the_new_revision_on_the_districts_capacity_in_private_subnets_with_the_command_overridden() {
        fake.taskExits(0);
        tasks.run(REQUEST);

        JsonNode run = fake.requests("RunTask").get(0);
        assertThat(run.path("cluster").asText()).isEqualTo("rambla-district-production");
        assertThat(run.path("taskDefinition").asText()).isEqualTo("arn:aws:ecs:us-east-1:123456789012:task-definition/" + FAMILY + ":8");
        assertThat(run.path("count").asInt()).isEqualTo(1);
        assertThat(run.path("startedBy").asText()).isEqualTo("rambla-before-deploy");
        assertThat(run.has("launchType")).as("the capacity provider decides EC2 or Fargate, as for the services").isFalse();
        assertThat(run.path("capacityProviderStrategy").toString())
                .isEqualTo("[{\"capacityProvider\":\"rambla-district-production-Ec2-AbC\",\"weight\":1}]");
        JsonNode vpc = run.path("networkConfiguration").path("awsvpcConfiguration");
        assertThat(vpc.path("subnets").toString()).isEqualTo("[\"subnet-0aaa\",\"subnet-0bbb\"]");
        assertThat(vpc.path("securityGroups").toString()).isEqualTo("[\"sg-0one0off\"]");
        assertThat(vpc.path("assignPublicIp").asText()).isEqualTo("DISABLED");
        assertThat(run.path("overrides").path("containerOverrides").toString())
                .isEqualTo("[{\"name\":\"one-off\",\"command\":[\"bundle\",\"exec\",\"rake\",\"db:migrate\"]}]");

        assertThat(fake.requests("DescribeTasks")).allSatisfy(d -> {
            assertThat(d.path("cluster").asText()).isEqualTo("rambla-district-production");
            assertThat(d.path("tasks").toString()).isEqualTo("[\"" + FakeEcs.TASK_ARN + "\"]");
        });
    }

    // ------------------------------------------------------------ the revision CloudFormation registered

    @Test
    void a_rollout_runs_the_registered_revision_as_it_is_and_registers_none() {
        fake.taskExits(0).activeRevisions(FAMILY, 7);
        assertThat(tasks.runAsRegistered(REQUEST)).isEqualTo(new OneOffTaskResult.Exited(FakeEcs.TASK_ARN, 0));
        assertThat(fake.operations()).containsExactly("RunTask", "DescribeTasks", "DescribeTasks", "ListTaskDefinitions");
        assertThat(fake.requests("RunTask").get(0).path("taskDefinition").asText()).isEqualTo(FakeEcs.liveTaskDefinitionArn(FAMILY));
    }

    @Test
    void a_restarted_rollout_sends_the_very_same_run_task_so_ecs_gives_the_same_task_back() {
        fake.taskExits(0).activeRevisions(FAMILY, 7);
        tasks.runAsRegistered(REQUEST.withClientToken("rambla-before-deploy-0123456789abcdef"));
        new AwsOneOffTasks(client, FAST, Duration.ofSeconds(10)).runAsRegistered(REQUEST.withClientToken("rambla-before-deploy-0123456789abcdef"));
        var runs = fake.requests("RunTask");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
    }

    @Test
    void older_revisions_of_the_family_are_deregistered_but_the_previous_one_and_newer_or_other_families_are_kept() {
        // Live revision 7; 3, 5 and 6 are older, 9 was registered meanwhile by someone else.
        fake.taskExits(0).activeRevisions(FAMILY, 9, 7, 6, 5, 3);
        tasks.runAsRegistered(REQUEST);
        JsonNode list = fake.requests("ListTaskDefinitions").get(0);
        assertThat(list.path("familyPrefix").asText()).isEqualTo(FAMILY);
        assertThat(list.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(fake.requests("DeregisterTaskDefinition")).extracting(r -> r.path("taskDefinition").asText()).containsExactly(
                "arn:aws:ecs:us-east-1:123456789012:task-definition/" + FAMILY + ":5",
                "arn:aws:ecs:us-east-1:123456789012:task-definition/" + FAMILY + ":3");
    }

    @Test
    void revisions_are_also_deregistered_after_a_failed_task_and_a_failure_to_deregister_changes_no_verdict() {
        fake.taskExits(3).activeRevisions(FAMILY, 7, 6, 5);
        assertThat(tasks.runAsRegistered(REQUEST)).isEqualTo(new OneOffTaskResult.Exited(FakeEcs.TASK_ARN, 3));
        assertThat(fake.requests("DeregisterTaskDefinition")).hasSize(1);

        fake.server.resetAll();
        fake.taskExits(0); // ListTaskDefinitions unstubbed: answers 404
        assertThat(tasks.runAsRegistered(REQUEST)).isEqualTo(new OneOffTaskResult.Exited(FakeEcs.TASK_ARN, 0));
    }

    @Test
    void a_base_that_is_not_a_task_definition_arn_deregisters_nothing() {
        fake.taskExits(0).activeRevisions(FAMILY, 7, 6, 5);
        for (String hostile : List.of("unknown", "arn:aws:ecs:us-east-1:123456789012:task-definition/" + FAMILY,
                "arn:aws:ecs:us-east-1:123456789012:task-definition/" + FAMILY + ":7:extra",
                "arn:aws:ecs:us-east-1:123456789012:task-definition/../x:7")) {
            tasks.runAsRegistered(new OneOffTaskRequest("app/shop/production", hostile, "one-off", MIGRATE, "c", "FARGATE",
                    List.of("subnet-1"), "sg-1"));
        }
        assertThat(fake.operations()).doesNotContain("ListTaskDefinitions", "DeregisterTaskDefinition");
    }
}
