package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.apply.AwsOneOffTasks;
import io.rambla.retry.Backoff;
import io.rambla.apply.BeforeDeploy;
import io.rambla.apply.StackApplier;
import io.rambla.apply.StackPlanner;
import io.rambla.plan.LiveStack;
import io.rambla.source.JGitSource;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.Emulator;
import io.rambla.support.FakeEcs;
import io.rambla.support.GitFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * before_deploy through the reconciler: CloudFormation is the emulator's, ECS (which the emulator
 * does not have) is WireMock speaking its protocol. A failing command leaves the stack exactly as
 * it was; a passing one lets the change set run; the first creation and plan-only runs start no task.
 */
class BeforeDeployIT {

    @TempDir
    Path temp;

    @Test
    void aFailingBeforeDeployLeavesTheStackUntouchedAndAPassingOneLetsTheDeploymentThrough() throws Exception {
        String prefix = Emulator.uniqueName("bd").replace("-", "");
        String appStack = prefix + "-app-shop-production";
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
        var calls = new AwsCallCounter();
        try (GitFixture git = GitFixture.create(temp, "main"); CloudFormationClient client = Emulator.cloudFormation(calls);
             FakeEcs ecs = new FakeEcs(); EcsClient ecsClient = ecs.client()) {
            var stacks = new AwsCloudFormationStacks(client, backoff);
            var beforeDeploy = BeforeDeploy.running(
                    new AwsOneOffTasks(ecsClient, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0), Duration.ofSeconds(30)));
            var statuses = new UnitStatusStore();
            var reconciler = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("checkout")),
                    new StackApplier(stacks, backoff, Duration.ofMinutes(5), beforeDeploy), statuses);

            // 1. First creation: nothing to run the task with yet, and no earlier version to prepare for.
            String created = git.commitAndPush("district and shop", Map.of(
                    "rambla.yml", "stack_prefix: " + prefix + "\n",
                    "districts/production.yml", "region: us-east-1\nnat_type: none\ncluster_backend: fargate\ncidr_block: 10.70.0.0/16\n",
                    "apps/shop/barcelona.yml", shop("v1")));
            assertThat(reconciler.sync().units()).as("%s", statuses.all()).containsEntry("app/shop/production", UnitState.APPLIED);
            assertThat(statuses.get("app/shop/production").orElseThrow().message())
                    .contains("before_deploy `bundle exec rake db:migrate` not run: the stack is being created");
            assertThat(ecs.operations()).isEmpty();
            LiveStack before = stacks.describe(appStack).orElseThrow();

            // 2. The migration fails: the change set is deleted, nothing is executed.
            ecs.taskExits(1);
            long executedBefore = calls.count("ExecuteChangeSet");
            git.commitAndPush("shop v2", Map.of("apps/shop/barcelona.yml", shop("v2")));
            assertThat(reconciler.sync().units()).containsEntry("app/shop/production", UnitState.FAILED);

            var failed = statuses.get("app/shop/production").orElseThrow();
            assertThat(failed.message()).startsWith("before_deploy `bundle exec rake db:migrate` exited with 1 (task " + FakeEcs.TASK_ARN + ")")
                    .contains("deleted, " + appStack + " left as it was");
            assertThat(failed.lastAppliedRevision()).isEqualTo(created);
            assertThat(calls.count("ExecuteChangeSet")).isEqualTo(executedBefore);
            LiveStack after = stacks.describe(appStack).orElseThrow();
            assertThat(after.status()).isEqualTo(before.status());
            assertThat(after.tags()).isEqualTo(before.tags());
            assertThat(client.listChangeSets(r -> r.stackName(appStack)).summaries()).as("no change set left behind").isEmpty();

            // What ran: the new image, as a new revision of the live one-off definition, on the live stack's network.
            JsonNode registered = ecs.requests("RegisterTaskDefinition").get(0);
            assertThat(registered.at("/containerDefinitions/0/image").asText()).isEqualTo("public.ecr.aws/nginx/nginx:v2");
            assertThat(ecs.requests("DescribeTaskDefinition").get(0).path("taskDefinition").asText())
                    .isEqualTo(before.outputs().get("OneOffTaskDefinitionArn"));
            JsonNode run = ecs.requests("RunTask").get(0);
            assertThat(run.path("capacityProviderStrategy").toString()).isEqualTo("[{\"capacityProvider\":\"FARGATE\",\"weight\":1}]");
            assertThat(run.at("/networkConfiguration/awsvpcConfiguration/securityGroups/0").asText())
                    .isEqualTo(before.outputs().get("OneOffSecurityGroupId")).startsWith("sg-");
            assertThat(run.at("/networkConfiguration/awsvpcConfiguration/subnets").toString())
                    .isEqualTo("[\"" + before.outputs().get("SubnetIds").replace(",", "\",\"") + "\"]");
            assertThat(run.at("/overrides/containerOverrides/0/command").toString()).isEqualTo("[\"bundle\",\"exec\",\"rake\",\"db:migrate\"]");

            // 3. Plan-only never runs it.
            ecs.server.resetAll();
            ecs.taskExits(0);
            git.commitAndPush("shop v3", Map.of("apps/shop/barcelona.yml", shop("v3")));
            var planStatuses = new UnitStatusStore();
            var planner = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("plan-checkout")),
                    new StackPlanner(stacks, backoff, Duration.ofMinutes(5)), planStatuses);
            assertThat(planner.sync().units()).containsEntry("app/shop/production", UnitState.PLANNED);
            assertThat(ecs.operations()).isEmpty();

            // 4. The migration passes: the change set runs and the status says what ran.
            String passed = git.commitAndPush("shop v4", Map.of("apps/shop/barcelona.yml", shop("v4")));
            assertThat(reconciler.sync().units()).containsEntry("app/shop/production", UnitState.APPLIED);
            var applied = statuses.get("app/shop/production").orElseThrow();
            assertThat(applied.message()).contains("before_deploy `bundle exec rake db:migrate` exited with 0 (task " + FakeEcs.TASK_ARN + ")");
            assertThat(applied.lastAppliedRevision()).isEqualTo(passed);
            assertThat(stacks.describe(appStack).orElseThrow().status()).isEqualTo("UPDATE_COMPLETE");
            assertThat(ecs.requests("RegisterTaskDefinition").get(0).at("/containerDefinitions/0/image").asText())
                    .isEqualTo("public.ecr.aws/nginx/nginx:v4");
        }
    }

    private static String shop(String tag) {
        return """
                environments:
                  production:
                    image_name: public.ecr.aws/nginx/nginx
                    image_tag: %s
                    before_deploy: bundle exec rake db:migrate
                    environment:
                      RAILS_ENV: production
                    services:
                      - name: worker
                        cpu: 256
                        memory: 512
                        command: bundle exec sidekiq
                """.formatted(tag);
    }
}
