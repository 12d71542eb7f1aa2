package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.apply.AwsOneOffTasks;
import io.rambla.apply.BeforeDeploy;
import io.rambla.apply.OneOffTaskRequest;
import io.rambla.apply.OneOffTaskResult;
import io.rambla.apply.OneOffTasks;
import io.rambla.apply.RegionalStacks;
import io.rambla.apply.StackApplier;
import io.rambla.apply.StackPlanner;
import io.rambla.config.AwsConfig;
import io.rambla.retry.Backoff;
import io.rambla.source.JGitSource;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.Emulator;
import io.rambla.support.FakeEcs;
import io.rambla.support.GitFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * before_deploy through the reconciler: CloudFormation is the emulator's, ECS (which the emulator
 * does not have) is WireMock speaking its protocol. The rollout has two steps: the first applies
 * what the one-off task needs with the services held, the task runs, and only then do the
 * services switch. What the stack held while the task ran is read from the emulator at that moment.
 */
class BeforeDeployIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "app/shop/production";
    private static final String MIGRATE = "before_deploy `bundle exec rake db:migrate`";

    @TempDir
    Path temp;

    /** Runs tasks through ECS, and keeps the live template of the stack as it was when each task started. */
    private static final class Watching implements OneOffTasks {
        final OneOffTasks ecs;
        final CloudFormationClient cloudFormation;
        final String stack;
        final List<JsonNode> templatesAtRun = new ArrayList<>();

        Watching(OneOffTasks ecs, CloudFormationClient cloudFormation, String stack) {
            this.ecs = ecs;
            this.cloudFormation = cloudFormation;
            this.stack = stack;
        }

        @Override
        public OneOffTaskResult run(OneOffTaskRequest request) {
            throw new AssertionError("a rollout runs the revision CloudFormation registered; it registers none");
        }

        @Override
        public OneOffTaskResult runAsRegistered(OneOffTaskRequest request) {
            templatesAtRun.add(liveTemplate(cloudFormation, stack));
            return ecs.runAsRegistered(request);
        }
    }

    private static JsonNode liveTemplate(CloudFormationClient client, String stack) {
        try {
            return JSON.readTree(client.getTemplate(r -> r.stackName(stack)).templateBody());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> services(JsonNode template) {
        List<String> services = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::ECS::Service")) {
                services.add(e.getKey());
            }
        });
        return services;
    }

    private static String image(JsonNode template, String taskDefinition) {
        return template.at("/Resources/" + taskDefinition + "/Properties/ContainerDefinitions/0/Image").asText();
    }

    private static String secrets(JsonNode template, String taskDefinition) {
        return template.at("/Resources/" + taskDefinition + "/Properties/ContainerDefinitions/0/Secrets").toString();
    }

    private record Daemon(Reconciler reconciler, UnitStatusStore statuses, Watching tasks) {

        String message() {
            return statuses.get(APP).orElseThrow().message();
        }
    }

    private Daemon daemon(GitFixture git, CloudFormationClient client, EcsClient ecs, String appStack, Duration taskTimeout, String checkout) {
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
        var stacks = new AwsCloudFormationStacks(client, backoff);
        var tasks = new Watching(new AwsOneOffTasks(ecs, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0), taskTimeout),
                client, appStack);
        var statuses = new UnitStatusStore();
        var reconciler = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve(checkout)),
                new StackApplier(stacks, backoff, Duration.ofMinutes(5), BeforeDeploy.running(tasks)), statuses);
        return new Daemon(reconciler, statuses, tasks);
    }

    @Test
    void firstCreationAndACommitThatAddsASecretRunBeforeDeployBeforeAnyServiceSwitchesAndAFailureLeavesThemAsTheyWere() throws Exception {
        String prefix = Emulator.uniqueName("bd").replace("-", "");
        String appStack = prefix + "-app-shop-production";
        var calls = new AwsCallCounter();
        try (GitFixture git = GitFixture.create(temp, "main"); CloudFormationClient client = Emulator.cloudFormation(calls);
             FakeEcs ecs = new FakeEcs(); EcsClient ecsClient = ecs.client()) {
            Daemon daemon = daemon(git, client, ecsClient, appStack, Duration.ofSeconds(30), "checkout");

            // 1. First creation: the stack is created without its services, the task runs, then the services come.
            ecs.taskExits(0);
            git.commitAndPush("district and shop", Map.of(
                    "rambla.yml", "stack_prefix: " + prefix + "\n",
                    "districts/production.yml", "region: us-east-1\nnat_type: none\ncluster_backend: fargate\ncidr_block: 10.70.0.0/16\n",
                    "apps/shop/barcelona.yml", shop("v1", "")));
            assertThat(daemon.reconciler().sync().units()).as("%s", daemon.statuses().all()).containsEntry(APP, UnitState.APPLIED);
            assertThat(daemon.tasks().templatesAtRun).hasSize(1);
            JsonNode atFirstRun = daemon.tasks().templatesAtRun.get(0);
            assertThat(services(atFirstRun)).as("no service exists while before_deploy runs on first creation").isEmpty();
            assertThat(atFirstRun.path("Resources").has("OneOffTaskDefinition")).isTrue();
            assertThat(image(atFirstRun, "OneOffTaskDefinition")).endsWith("nginx:v1");
            assertThat(services(liveTemplate(client, appStack))).containsExactly("WorkerService");
            assertThat(daemon.message()).contains(MIGRATE + " exited with 0 (task " + FakeEcs.TASK_ARN + ") between the two steps (")
                    .contains("created after it: WorkerService");
            assertThat(ecs.requests("RunTask").get(0).path("taskDefinition").asText())
                    .isEqualTo(client.describeStacks(r -> r.stackName(appStack)).stacks().get(0).outputs().stream()
                            .filter(o -> o.outputKey().equals("OneOffTaskDefinitionArn")).findFirst().orElseThrow().outputValue());
            assertThat(ecs.operations()).doesNotContain("RegisterTaskDefinition", "DescribeTaskDefinition");

            // 2. A commit that adds a secret and reads it in before_deploy: while the task runs, the execution role
            //    already grants the secret and the one-off revision has it, and the worker still runs v1.
            ecs.server.resetRequests();
            ecs.taskExits(0);
            String withSecret = git.commitAndPush("shop v2 reads STRIPE_KEY", Map.of("apps/shop/barcelona.yml",
                    shop("v2", "      - name: STRIPE_KEY\n        ssm_path: shop/stripe_key\n")));
            assertThat(daemon.reconciler().sync().units()).as("%s", daemon.statuses().all()).containsEntry(APP, UnitState.APPLIED);
            JsonNode atSecretRun = daemon.tasks().templatesAtRun.get(1);
            assertThat(atSecretRun.at("/Resources/ExecutionRole/Properties/Policies").toString()).contains("parameter/barcelona/production/shop/stripe_key");
            assertThat(secrets(atSecretRun, "OneOffTaskDefinition")).contains("STRIPE_KEY");
            assertThat(image(atSecretRun, "OneOffTaskDefinition")).endsWith("nginx:v2");
            assertThat(image(atSecretRun, "WorkerTaskDefinition")).as("the service is held at its live revision").endsWith("nginx:v1");
            assertThat(secrets(atSecretRun, "WorkerTaskDefinition")).doesNotContain("STRIPE_KEY");
            JsonNode afterSecret = liveTemplate(client, appStack);
            assertThat(image(afterSecret, "WorkerTaskDefinition")).endsWith("nginx:v2");
            assertThat(secrets(afterSecret, "WorkerTaskDefinition")).contains("STRIPE_KEY");
            assertThat(afterSecret.at("/Resources/ExecutionRole/Metadata").isMissingNode()).as("the step marker is gone").isTrue();
            assertThat(daemon.statuses().get(APP).orElseThrow().lastAppliedRevision()).isEqualTo(withSecret);
            assertThat(daemon.message()).contains("held at their live task definitions: WorkerService");

            // 3. The migration fails: the first step stays, the worker keeps v2, and the stack is not up to date.
            ecs.server.resetRequests();
            ecs.taskExits(1);
            git.commitAndPush("shop v3", Map.of("apps/shop/barcelona.yml", shop("v3", "")));
            assertThat(daemon.reconciler().sync().units()).containsEntry(APP, UnitState.FAILED);
            assertThat(daemon.message()).startsWith(MIGRATE + " exited with 1 (task " + FakeEcs.TASK_ARN + ")")
                    .contains("its services keep their task definitions");
            JsonNode afterFailure = liveTemplate(client, appStack);
            assertThat(image(afterFailure, "WorkerTaskDefinition")).endsWith("nginx:v2");
            assertThat(image(afterFailure, "OneOffTaskDefinition")).endsWith("nginx:v3");
            assertThat(daemon.statuses().get(APP).orElseThrow().lastAppliedRevision()).isEqualTo(withSecret);
            assertThat(client.listChangeSets(r -> r.stackName(appStack)).summaries()).as("no change set left behind").isEmpty();

            // 4. Plan-only never runs it.
            ecs.server.resetRequests();
            git.commitAndPush("shop v4", Map.of("apps/shop/barcelona.yml", shop("v4", "")));
            var planStatuses = new UnitStatusStore();
            var planner = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("plan-checkout")),
                    new StackPlanner(new AwsCloudFormationStacks(client, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5)),
                            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5), Duration.ofMinutes(5)), planStatuses);
            assertThat(planner.sync().units()).containsEntry(APP, UnitState.PLANNED);
            assertThat(ecs.operations()).isEmpty();

            // 5. The next commit passes: the services switch.
            ecs.taskExits(0);
            assertThat(daemon.reconciler().sync().units()).containsEntry(APP, UnitState.APPLIED);
            assertThat(image(liveTemplate(client, appStack), "WorkerTaskDefinition")).endsWith("nginx:v4");
        }
    }

    @Test
    void aTimeoutStopsTheTaskAndARestartDuringTheTaskDoesNotStartASecondOne() throws Exception {
        String prefix = Emulator.uniqueName("bdr").replace("-", "");
        String appStack = prefix + "-app-shop-production";
        try (GitFixture git = GitFixture.create(temp, "main"); CloudFormationClient client = Emulator.cloudFormation(new AwsCallCounter());
             FakeEcs ecs = new FakeEcs(); EcsClient ecsClient = ecs.client()) {
            ecs.taskExits(0);
            git.commitAndPush("district and shop", Map.of(
                    "rambla.yml", "stack_prefix: " + prefix + "\n",
                    "districts/production.yml", "region: us-east-1\nnat_type: none\ncluster_backend: fargate\ncidr_block: 10.71.0.0/16\n",
                    "apps/shop/barcelona.yml", shop("v1", "")));
            Daemon patient = daemon(git, client, ecsClient, appStack, Duration.ofSeconds(30), "checkout");
            assertThat(patient.reconciler().sync().units()).containsEntry(APP, UnitState.APPLIED);

            // A task still running at the timeout is stopped; the worker stays on v1.
            ecs.server.resetRequests();
            ecs.taskKeepsRunning();
            Daemon impatient = daemon(git, client, ecsClient, appStack, Duration.ofSeconds(1), "impatient-checkout");
            git.commitAndPush("shop v2", Map.of("apps/shop/barcelona.yml", shop("v2", "")));
            assertThat(impatient.reconciler().sync().units()).containsEntry(APP, UnitState.FAILED);
            assertThat(impatient.message()).startsWith(MIGRATE + " was still RUNNING after 1 s (task " + FakeEcs.TASK_ARN
                    + "); Rambla stopped the task");
            assertThat(ecs.requests("StopTask")).singleElement().satisfies(stop ->
                    assertThat(stop.path("task").asText()).isEqualTo(FakeEcs.TASK_ARN));
            assertThat(image(liveTemplate(client, appStack), "WorkerTaskDefinition")).endsWith("nginx:v1");

            // A daemon that loses sight of its task (it crashed, say) and a restarted one on the same commit:
            // the restarted one sends the very same RunTask, client token included, and ECS answers with the
            // task already running; nothing is registered, and only then does the worker switch.
            ecs.server.resetAll();
            ecs.taskKeepsRunning().connectionLostOnDescribeTasks();
            git.commitAndPush("shop v3", Map.of("apps/shop/barcelona.yml", shop("v3", "")));
            Daemon crashing = daemon(git, client, ecsClient, appStack, Duration.ofSeconds(30), "crashing-checkout");
            assertThat(crashing.reconciler().sync().units()).containsEntry(APP, UnitState.FAILED);
            assertThat(image(liveTemplate(client, appStack), "WorkerTaskDefinition")).endsWith("nginx:v1");

            ecs.taskExits(0);
            Daemon restarted = daemon(git, client, ecsClient, appStack, Duration.ofSeconds(30), "restarted-checkout");
            assertThat(restarted.reconciler().sync().units()).as("%s", restarted.statuses().all()).containsEntry(APP, UnitState.APPLIED);
            List<JsonNode> runs = ecs.requests("RunTask");
            assertThat(runs).hasSize(2);
            assertThat(runs.get(0).path("clientToken").asText()).isNotBlank();
            assertThat(runs.get(1)).as("the same RunTask, so ECS returns the same task").isEqualTo(runs.get(0));
            assertThat(ecs.operations()).doesNotContain("RegisterTaskDefinition");
            assertThat(image(liveTemplate(client, appStack), "WorkerTaskDefinition")).endsWith("nginx:v3");
        }
    }

    @Test
    void aDistrictInAnotherRegionRunsItsBeforeDeployThroughThatRegionsEcs() throws Exception {
        String prefix = Emulator.uniqueName("bdg").replace("-", "");
        String away = "eu-west-1";
        var counter = new AwsCallCounter();
        try (GitFixture git = GitFixture.create(temp, "main"); FakeEcs ecs = new FakeEcs(); EcsClient homeEcs = ecs.client();
             CloudFormationClient awayCloudFormation = AwsClientFactory.cloudFormation(Emulator.config().inRegion(away), counter)) {
            var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
            var config = Emulator.config();
            var stacks = new RegionalStacks(config.region(), region -> new AwsCloudFormationStacks(
                    AwsClientFactory.cloudFormation(config.inRegion(region), counter), backoff));
            // As the daemon wires it: one ECS client per region, made from the daemon's configuration.
            var ecsConfig = new AwsConfig(config.region(), ecs.server.baseUrl(), "test", "test");
            var beforeDeploy = ReconcilerFactory.beforeDeploy("run", ReconcilerFactory.ecsInRegions(homeEcs, ecsConfig, counter),
                    new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0), Duration.ofSeconds(30));
            var statuses = new UnitStatusStore();
            var reconciler = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("checkout")),
                    new StackApplier(stacks, backoff, Duration.ofMinutes(5), beforeDeploy), statuses);

            ecs.taskExits(0);
            git.commitAndPush("district in eu-west-1 and shop", Map.of(
                    "rambla.yml", "stack_prefix: " + prefix + "\n",
                    "districts/production.yml", "region: " + away + "\nnat_type: none\ncluster_backend: fargate\ncidr_block: 10.72.0.0/16\n",
                    "apps/shop/barcelona.yml", shop("v1", "")));
            assertThat(reconciler.sync().units()).as("%s", statuses.all()).containsEntry(APP, UnitState.APPLIED);

            assertThat(awayCloudFormation.describeStacks(r -> r.stackName(prefix + "-app-shop-production")).stacks().get(0).stackId())
                    .startsWith("arn:aws:cloudformation:" + away + ":");
            assertThat(ecs.requests("RunTask")).hasSize(1);
            assertThat(ecs.signedRegions()).as("every ECS call of the task, signed for the district's region")
                    .isNotEmpty().containsOnly(away);
        }
    }

    private static String shop(String tag, String extraVariables) {
        return """
                environments:
                  production:
                    image_name: public.ecr.aws/nginx/nginx
                    image_tag: %s
                    before_deploy: bundle exec rake db:migrate
                    environment:
                      - name: RAILS_ENV
                        value: production
                %s    services:
                      - name: worker
                        cpu: 256
                        memory: 512
                        command: bundle exec sidekiq
                """.formatted(tag, extraVariables);
    }
}
