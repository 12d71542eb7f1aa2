package io.rambla.render;

import static io.rambla.render.ModelFixtures.application;
import static io.rambla.render.ModelFixtures.district;
import static io.rambla.render.ModelFixtures.environment;
import static io.rambla.render.ModelFixtures.fromSsmPath;
import static io.rambla.render.ModelFixtures.plain;
import static io.rambla.render.ModelFixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.plan.BeforeDeployRollout;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveTemplate;
import io.rambla.schema.AppEnvironment;
import io.rambla.schema.District;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The first step of a before_deploy rollout, from templates the renderer really writes. */
class BeforeDeployRolloutTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final District MAIN = district("main").fargate().build();

    private static DesiredState rendered(AppEnvironment env) {
        StackSpec spec = new Renderer().render(new Unit.AppEnvironmentUnit(application("shop", env), env, MAIN)).stack();
        return new DesiredState(spec.stackName(), spec.templateBody(), Map.of("SubnetIds", "subnet-1"), spec.tags());
    }

    private static ModelFixtures.EnvironmentBuilder shop(String tag) {
        return environment("production").image("123456789012.dkr.ecr.us-east-1.amazonaws.com/shop", tag)
                .beforeDeploy("bundle exec rake db:migrate")
                .variable(plain("RAILS_ENV", "production"))
                .service(worker("worker").command("bundle exec sidekiq"))
                .service(worker("clock").command("bundle exec clockwork").autoScaling(1, 4, 60));
    }

    private static JsonNode tree(String body) throws Exception {
        return JSON.readTree(body);
    }

    private static LiveTemplate live(DesiredState state) {
        return new LiveTemplate(state.templateBody(), state.parameters());
    }

    @Test
    void on_first_creation_no_service_is_in_the_first_step_but_everything_the_one_off_task_needs_is() throws Exception {
        DesiredState desired = rendered(shop("v1").build());

        var step = BeforeDeployRollout.prepare(desired, Optional.empty());

        JsonNode first = tree(step.state().templateBody());
        assertThat(step.deferredServices()).containsExactly("ClockService", "WorkerService");
        assertThat(step.heldServices()).isEmpty();
        assertThat(first.path("Resources").fieldNames()).toIterable()
                .noneMatch(id -> id.endsWith("Service") || id.startsWith("ClockScal"))
                .contains("OneOffTaskDefinition", "OneOffLogGroup", "OneOffSecurityGroup", "ExecutionRole", "TaskRole");
        // Nothing left in the first step refers to what was left out: CloudFormation would refuse it.
        assertThat(first.path("Outputs").fieldNames()).toIterable()
                .doesNotContain("WorkerServiceName", "ClockServiceName")
                .contains("OneOffTaskDefinitionArn", "WorkerTaskDefinitionArn");
        assertThat(first.path("Resources").toString()).doesNotContain("\"WorkerService\"", "ClockService.Name");
        assertThat(step.state().parameters()).isEqualTo(desired.parameters());
        assertThat(step.state().hash()).as("a stack left after step one is not up to date").isNotEqualTo(desired.hash());
    }

    @Test
    void on_update_services_keep_their_live_task_definition_and_the_one_off_one_takes_the_new_image_and_secret() throws Exception {
        DesiredState before = rendered(shop("v1").build());
        DesiredState desired = rendered(shop("v2").variable(fromSsmPath("STRIPE_KEY", "shop/stripe")).build());

        var step = BeforeDeployRollout.prepare(desired, Optional.of(live(before)));

        JsonNode first = tree(step.state().templateBody()).path("Resources");
        JsonNode wanted = tree(desired.templateBody()).path("Resources");
        JsonNode was = tree(before.templateBody()).path("Resources");
        assertThat(step.heldServices()).containsExactly("ClockService", "WorkerService");
        assertThat(step.deferredServices()).isEmpty();
        assertThat(step.switchedEarly()).isEmpty();
        assertThat(first.path("WorkerTaskDefinition")).isEqualTo(was.path("WorkerTaskDefinition"));
        assertThat(first.path("ClockTaskDefinition")).isEqualTo(was.path("ClockTaskDefinition"));
        assertThat(first.path("WorkerService")).isEqualTo(wanted.path("WorkerService"));
        assertThat(first.path("OneOffTaskDefinition")).isEqualTo(wanted.path("OneOffTaskDefinition"));
        assertThat(first.at("/OneOffTaskDefinition/Properties/ContainerDefinitions/0/Image").asText()).endsWith("shop:v2");
        assertThat(first.at("/OneOffTaskDefinition/Properties/ContainerDefinitions/0/Secrets/0/Name").asText()).isEqualTo("STRIPE_KEY");
        // The grant the new secret needs comes with the first step.
        assertThat(first.at("/ExecutionRole/Properties")).isEqualTo(wanted.at("/ExecutionRole/Properties"));
        assertThat(first.at("/ExecutionRole/Properties").toString()).contains("shop/stripe");
    }

    @Test
    void a_service_added_by_the_commit_waits_for_the_second_step_while_the_others_are_held() throws Exception {
        DesiredState before = rendered(shop("v1").build());
        DesiredState desired = rendered(shop("v2").service(worker("mailer").command("bin/mailer")).build());

        var step = BeforeDeployRollout.prepare(desired, Optional.of(live(before)));

        assertThat(step.deferredServices()).containsExactly("MailerService");
        assertThat(step.heldServices()).containsExactly("ClockService", "WorkerService");
        JsonNode first = tree(step.state().templateBody()).path("Resources");
        assertThat(first.has("MailerService")).isFalse();
        assertThat(first.has("MailerTaskDefinition")).as("a task definition starts nothing").isTrue();
    }

    @Test
    void a_commit_that_changes_no_service_still_differs_from_the_desired_template_by_the_step_marker_alone() {
        DesiredState desired = rendered(shop("v1").build());

        var step = BeforeDeployRollout.prepare(desired, Optional.of(live(desired)));

        var first = (com.fasterxml.jackson.databind.node.ObjectNode) templateOf(step.state());
        assertThat(first.at("/Resources/ExecutionRole/Metadata/RamblaRollout").asText()).contains("before_deploy");
        ((com.fasterxml.jackson.databind.node.ObjectNode) first.at("/Resources/ExecutionRole")).remove("Metadata");
        assertThat(first).isEqualTo(templateOf(desired));
        // So a stack left between the steps is never taken as up to date, and the second step is never empty.
        assertThat(step.state().hash()).isNotEqualTo(desired.hash());
    }

    private static JsonNode templateOf(DesiredState state) {
        try {
            return JSON.readTree(state.templateBody());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_live_resource_is_never_left_out_of_the_first_step() throws Exception {
        // A live stack that already has a resource which, in the new template, refers to a new service.
        DesiredState desired = rendered(shop("v2").service(worker("mailer").command("bin/mailer")).build());
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(desired.templateBody());
        var resources = (com.fasterxml.jackson.databind.node.ObjectNode) tree.path("Resources");
        resources.putObject("Alarm").put("Type", "AWS::CloudWatch::Alarm").putObject("Properties")
                .putObject("Dimensions").putObject("Value").putArray("Fn::GetAtt").add("MailerService").add("Name");
        DesiredState withAlarm = new DesiredState(desired.stackName(), tree.toString(), desired.parameters(), desired.tags());
        var liveTree = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(rendered(shop("v1").build()).templateBody());
        ((com.fasterxml.jackson.databind.node.ObjectNode) liveTree.path("Resources")).set("Alarm", resources.get("Alarm"));

        var step = BeforeDeployRollout.prepare(withAlarm, Optional.of(new LiveTemplate(liveTree.toString(), Map.of())));

        assertThat(step.deferredServices()).isEmpty();
        assertThat(step.switchedEarly()).singleElement().asString().startsWith("MailerService: leaving it out would delete Alarm");
        assertThat(JSON.readTree(step.state().templateBody()).path("Resources").has("Alarm")).isTrue();
    }

    @Test
    void a_live_task_definition_that_refers_to_something_the_new_template_lacks_is_not_held() throws Exception {
        DesiredState desired = rendered(shop("v2").build());
        var liveTree = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(rendered(shop("v1").build()).templateBody());
        ((com.fasterxml.jackson.databind.node.ObjectNode) liveTree.at("/Resources/WorkerTaskDefinition/Properties"))
                .putObject("TaskRoleArn").putArray("Fn::GetAtt").add("OldRole").add("Arn");

        var step = BeforeDeployRollout.prepare(desired, Optional.of(new LiveTemplate(liveTree.toString(), Map.of())));

        assertThat(step.heldServices()).containsExactly("ClockService");
        assertThat(step.switchedEarly()).containsExactly(
                "WorkerService: its live task definition refers to OldRole, which the new template no longer has");
        assertThat(JSON.readTree(step.state().templateBody()).at("/Resources/WorkerTaskDefinition"))
                .isEqualTo(JSON.readTree(desired.templateBody()).at("/Resources/WorkerTaskDefinition"));
    }

    @Test
    void hostile_templates_are_refused_with_a_reason_not_half_transformed() {
        DesiredState desired = rendered(shop("v2").build());
        for (String body : List.of("not json", "[]", "{\"Resources\": []}", "{}")) {
            assertThatThrownBy(() -> BeforeDeployRollout.prepare(desired, Optional.of(new LiveTemplate(body, Map.of()))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the live template of " + desired.stackName());
        }
    }

    @Test
    void a_live_service_pointing_at_a_task_definition_outside_the_template_is_not_held_and_says_why() throws Exception {
        DesiredState desired = rendered(shop("v2").build());
        var liveTree = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(rendered(shop("v1").build()).templateBody());
        ((com.fasterxml.jackson.databind.node.ObjectNode) liveTree.at("/Resources/WorkerService/Properties"))
                .put("TaskDefinition", "arn:aws:ecs:us-east-1:123456789012:task-definition/elsewhere:1");

        var step = BeforeDeployRollout.prepare(desired, Optional.of(new LiveTemplate(liveTree.toString(), Map.of())));

        assertThat(step.heldServices()).containsExactly("ClockService");
        assertThat(step.switchedEarly()).containsExactly(
                "WorkerService: its task definition is not the same template resource as the live stack's");
    }
}
