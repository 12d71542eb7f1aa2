package io.rambla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.plan.LiveStack;
import io.rambla.render.BeforeDeployTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BeforeDeployTest {

    private static final String TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/rambla-district-main/0123456789abcdef";
    private static final BeforeDeployTask MIGRATE = new BeforeDeployTask("bundle exec rake db:migrate",
            List.of("bundle", "exec", "rake", "db:migrate"), "example/shop:v2", 256, 512, Map.of(), Map.of());

    private static LiveStack live(Map<String, String> outputs) {
        return new LiveStack("rambla-app-shop-production", "arn:aws:cloudformation:us-east-1:123456789012:stack/rambla-app-shop-production/1",
                "UPDATE_COMPLETE", null, Map.of(), outputs);
    }

    private static Map<String, String> outputs() {
        Map<String, String> outputs = new HashMap<>();
        outputs.put("OneOffTaskDefinitionArn", "arn:aws:ecs:us-east-1:123456789012:task-definition/rambla-app-shop-production-one-off:7");
        outputs.put("OneOffContainerName", "one-off");
        outputs.put("OneOffSecurityGroupId", "sg-0abc");
        outputs.put("SubnetIds", "subnet-1, subnet-2");
        outputs.put("ClusterName", "rambla-district-main");
        outputs.put("CapacityProvider", "FARGATE");
        return outputs;
    }

    /** Records what it is asked to run and answers with a fixed result. */
    private static final class RecordingTasks implements OneOffTasks {
        final List<OneOffTaskRequest> requests = new ArrayList<>();
        final List<OneOffTaskRequest> registering = new ArrayList<>();
        final OneOffTaskResult result;

        RecordingTasks(OneOffTaskResult result) {
            this.result = result;
        }

        @Override
        public OneOffTaskResult run(OneOffTaskRequest request) {
            registering.add(request);
            return result;
        }

        @Override
        public OneOffTaskResult runAsRegistered(OneOffTaskRequest request) {
            requests.add(request);
            return result;
        }
    }

    // ------------------------------------------------------------ verdicts

    @Test
    void exit_code_zero_lets_the_deployment_go_on_and_names_the_task() {
        var gate = BeforeDeploy.verdict(MIGRATE, new OneOffTaskResult.Exited(TASK_ARN, 0));
        assertThat(gate.proceed()).isTrue();
        assertThat(gate.message()).isEqualTo("before_deploy `bundle exec rake db:migrate` exited with 0 (task " + TASK_ARN + ")");
    }

    @Test
    void a_non_zero_exit_code_stops_the_deployment_and_says_which() {
        var gate = BeforeDeploy.verdict(MIGRATE, new OneOffTaskResult.Exited(TASK_ARN, 1));
        assertThat(gate.proceed()).isFalse();
        assertThat(gate.message()).isEqualTo("before_deploy `bundle exec rake db:migrate` exited with 1 (task " + TASK_ARN + ")");
        assertThat(BeforeDeploy.verdict(MIGRATE, new OneOffTaskResult.Exited(TASK_ARN, 137)).proceed()).isFalse();
        assertThat(BeforeDeploy.verdict(MIGRATE, new OneOffTaskResult.Exited(TASK_ARN, -1)).proceed()).isFalse();
    }

    @Test
    void a_task_that_never_started_stops_the_deployment_with_ecs_reasons() {
        var gate = BeforeDeploy.verdict(MIGRATE, new OneOffTaskResult.StoppedWithoutExitCode(TASK_ARN, "TaskFailedToStart",
                "CannotPullContainerError: pull image manifest has been retried 5 time(s)", null));
        assertThat(gate.proceed()).isFalse();
        assertThat(gate.message()).isEqualTo("before_deploy `bundle exec rake db:migrate` stopped without an exit code (task "
                + TASK_ARN + "): TaskFailedToStart: CannotPullContainerError: pull image manifest has been retried 5 time(s)");
    }

    @Test
    void a_stop_without_any_reason_still_says_so() {
        var gate = BeforeDeploy.verdict(MIGRATE, new OneOffTaskResult.StoppedWithoutExitCode(TASK_ARN, null, "", null));
        assertThat(gate.proceed()).isFalse();
        assertThat(gate.message()).endsWith("): ECS gave no reason");
    }

    @Test
    void a_task_ecs_could_not_place_stops_the_deployment() {
        var gate = BeforeDeploy.verdict(MIGRATE, new OneOffTaskResult.NotPlaced("RESOURCE:MEMORY"));
        assertThat(gate.proceed()).isFalse();
        assertThat(gate.message()).isEqualTo("before_deploy `bundle exec rake db:migrate` could not be started: RESOURCE:MEMORY");
    }

    @Test
    void a_task_still_running_at_the_timeout_stops_the_deployment_and_is_said_to_be_stopped() {
        var gate = BeforeDeploy.verdict(MIGRATE, new OneOffTaskResult.TimedOut(TASK_ARN, "RUNNING", Duration.ofMinutes(30)));
        assertThat(gate.proceed()).isFalse();
        assertThat(gate.message()).isEqualTo("before_deploy `bundle exec rake db:migrate` was still RUNNING after 30 min (task "
                + TASK_ARN + "); Rambla stopped the task");
    }

    @Test
    void an_ecs_call_that_failed_stops_the_deployment_with_the_error() {
        var gate = BeforeDeploy.verdict(MIGRATE, new OneOffTaskResult.NotRun("User is not authorized to perform: ecs:RunTask"));
        assertThat(gate.proceed()).isFalse();
        assertThat(gate.message()).isEqualTo(
                "before_deploy `bundle exec rake db:migrate` could not be run: User is not authorized to perform: ecs:RunTask");
    }

    // ------------------------------------------------------------ when it runs

    @Test
    void without_a_stack_nothing_runs_and_the_services_do_not_switch() {
        var tasks = new RecordingTasks(new OneOffTaskResult.Exited(TASK_ARN, 0));
        var gate = BeforeDeploy.running(tasks).gate("app/shop/production", MIGRATE, Optional.empty());
        assertThat(tasks.requests).isEmpty();
        assertThat(gate.proceed()).isFalse();
        assertThat(gate.message()).isEqualTo("before_deploy `bundle exec rake db:migrate` cannot run: the stack is not there");
    }

    @Test
    void the_task_runs_through_the_ecs_of_the_region_the_stack_lives_in() {
        var inIreland = new RecordingTasks(new OneOffTaskResult.Exited(TASK_ARN, 0));
        var elsewhere = new RecordingTasks(new OneOffTaskResult.Exited(TASK_ARN, 1));
        List<String> asked = new ArrayList<>();
        var beforeDeploy = BeforeDeploy.inRegions(region -> {
            asked.add(String.valueOf(region));
            return "eu-west-1".equals(region) ? inIreland : elsewhere;
        });
        var stack = new LiveStack("rambla-app-shop-production",
                "arn:aws:cloudformation:eu-west-1:123456789012:stack/rambla-app-shop-production/1", "UPDATE_COMPLETE", null, Map.of(), outputs());

        assertThat(beforeDeploy.gate("app/shop/production", MIGRATE, Optional.of(stack)).proceed()).isTrue();
        assertThat(asked).containsExactly("eu-west-1");
        assertThat(inIreland.requests).hasSize(1);
        assertThat(elsewhere.requests).isEmpty();
    }

    @Test
    void a_stack_id_that_names_no_region_leaves_the_choice_to_the_daemons_own_region() {
        for (String id : new String[] {null, "", "stack/1", "arn:aws:cloudformation::123:stack/x", "arn:aws:ecs:eu-west-1:1:stack/x"}) {
            var stack = new LiveStack("s", id, "UPDATE_COMPLETE", null, Map.of(), outputs());
            assertThat(BeforeDeploy.regionOf(stack)).as(String.valueOf(id)).isEmpty();
        }
        var china = new LiveStack("s", "arn:aws-cn:cloudformation:cn-north-1:1:stack/s/1", "UPDATE_COMPLETE", null, Map.of(), outputs());
        assertThat(BeforeDeploy.regionOf(china)).contains("cn-north-1");
    }

    @Test
    void switched_off_it_never_runs_and_every_deployment_says_so() {
        var gate = BeforeDeploy.switchedOff().gate("app/shop/production", MIGRATE, Optional.of(live(outputs())));
        assertThat(gate.proceed()).isTrue();
        assertThat(gate.message()).isEqualTo(
                "before_deploy `bundle exec rake db:migrate` not run: one-off tasks are switched off (rambla.apply.before-deploy: skip)");
    }

    @Test
    void the_task_runs_the_revision_the_stack_outputs_as_registered_without_registering_another() {
        var tasks = new RecordingTasks(new OneOffTaskResult.Exited(TASK_ARN, 0));
        var gate = BeforeDeploy.running(tasks).gate("app/shop/production", MIGRATE, Optional.of(live(outputs())));
        assertThat(gate.proceed()).isTrue();
        assertThat(tasks.registering).isEmpty();
        assertThat(tasks.requests).containsExactly(new OneOffTaskRequest("app/shop/production",
                "arn:aws:ecs:us-east-1:123456789012:task-definition/rambla-app-shop-production-one-off:7", "one-off", MIGRATE,
                "rambla-district-main", "FARGATE", List.of("subnet-1", "subnet-2"), "sg-0abc"));
    }

    @Test
    void the_deployments_client_token_reaches_the_task_request() {
        var tasks = new RecordingTasks(new OneOffTaskResult.Exited("arn:task", 0));
        BeforeDeploy.running(tasks).gate("app/shop/production", MIGRATE, Optional.of(live(outputs())), "rambla-before-deploy-abc");
        assertThat(tasks.requests).extracting(OneOffTaskRequest::clientToken).containsExactly("rambla-before-deploy-abc");
    }

    @Test
    void a_live_stack_without_the_one_off_outputs_stops_the_deployment_naming_them() {
        var outputs = outputs();
        outputs.remove("OneOffTaskDefinitionArn");
        outputs.put("OneOffSecurityGroupId", " ");
        var tasks = new RecordingTasks(new OneOffTaskResult.Exited(TASK_ARN, 0));
        var gate = BeforeDeploy.running(tasks).gate("app/shop/production", MIGRATE, Optional.of(live(outputs)));
        assertThat(tasks.requests).isEmpty();
        assertThat(gate.proceed()).isFalse();
        assertThat(gate.message()).isEqualTo("before_deploy `bundle exec rake db:migrate` cannot run: stack "
                + "rambla-app-shop-production has no output OneOffTaskDefinitionArn, OneOffSecurityGroupId");
    }
}
