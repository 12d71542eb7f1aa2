package io.rambla.render;

import static io.rambla.render.ModelFixtures.application;
import static io.rambla.render.ModelFixtures.district;
import static io.rambla.render.ModelFixtures.environment;
import static io.rambla.render.ModelFixtures.fromSsmPath;
import static io.rambla.render.ModelFixtures.plain;
import static io.rambla.render.ModelFixtures.valueFrom;
import static io.rambla.render.ModelFixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.schema.AppEnvironment;
import io.rambla.schema.District;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BeforeDeployTaskTest {

    private static final District MAIN = district("main").build();

    private static Unit.AppEnvironmentUnit unit(AppEnvironment env) {
        return new Unit.AppEnvironmentUnit(application("shop", env), env, MAIN);
    }

    private static AppEnvironment migrating() {
        return environment("production")
                .image("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop", "v2.0.0")
                .beforeDeploy("  bundle exec rake 'db:migrate' ")
                .service(worker("worker").cpu(512).memory(1024).command("bundle exec sidekiq"))
                .variable(plain("RAILS_ENV", "production"))
                .variable(fromSsmPath("SECRET_KEY_BASE", "shop/secret_key_base"))
                .variable(valueFrom("DATABASE_URL", "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:shop/db-AbCdEf"))
                .build();
    }

    @Test
    void an_environment_without_before_deploy_and_units_that_are_not_apps_have_none() {
        assertThat(BeforeDeployTask.of(unit(environment("production").service(worker("w")).build()))).isEmpty();
        assertThat(BeforeDeployTask.of(new Unit.DistrictUnit(MAIN))).isEmpty();
    }

    @Test
    void the_command_is_split_as_the_template_splits_commands_and_kept_as_written_for_messages() {
        var task = BeforeDeployTask.of(unit(migrating())).orElseThrow();
        assertThat(task.commandLine()).isEqualTo("bundle exec rake 'db:migrate'");
        assertThat(task.command()).containsExactly("bundle", "exec", "rake", "db:migrate");
    }

    @Test
    void image_size_environment_and_secrets_are_those_of_the_rendered_one_off_task_definition() throws Exception {
        var task = BeforeDeployTask.of(unit(migrating())).orElseThrow();
        var stack = new Renderer().render(unit(migrating())).stack();
        JsonNode oneOff = new ObjectMapper().readTree(stack.templateBody())
                .at("/Resources/OneOffTaskDefinition/Properties");
        JsonNode container = oneOff.at("/ContainerDefinitions/0");

        assertThat(task.image()).isEqualTo(container.at("/Image").asText()).endsWith("/shop:v2.0.0");
        // Barcelona's one-off size, on the container as Barcelona set it; no task-level size on EC2.
        assertThat(task.cpu()).isEqualTo(container.at("/Cpu").asInt()).isEqualTo(128);
        assertThat(task.memory()).isEqualTo(container.at("/Memory").asInt()).isEqualTo(512);
        assertThat(oneOff.has("Cpu")).isFalse();
        assertThat(task.environment()).containsExactly(Map.entry("RAILS_ENV", "production"));
        assertThat(container.at("/Environment/0/Name").asText()).isEqualTo("RAILS_ENV");
        assertThat(task.secrets()).containsExactly(
                Map.entry("DATABASE_URL", container.at("/Secrets/0/ValueFrom").asText()),
                Map.entry("SECRET_KEY_BASE", container.at("/Secrets/1/ValueFrom/Fn::Sub").asText()));
    }

    @Test
    void pseudo_parameters_in_secret_arns_are_filled_in_as_cloudformation_would() {
        var task = BeforeDeployTask.of(unit(migrating())).orElseThrow();
        assertThat(task.resolvedSecrets("aws", "ap-northeast-1", "123456789012")).containsExactly(
                Map.entry("DATABASE_URL", "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:shop/db-AbCdEf"),
                Map.entry("SECRET_KEY_BASE", "arn:aws:ssm:ap-northeast-1:123456789012:parameter/barcelona/main/shop/secret_key_base"));
    }

    @Test
    void an_environment_without_services_runs_its_one_off_task_with_barcelonas_one_off_size() {
        var env = environment("production").beforeDeploy("rake db:migrate").build();
        var task = BeforeDeployTask.of(unit(env)).orElseThrow();
        assertThat(task.cpu()).isEqualTo(128);
        assertThat(task.memory()).isEqualTo(512);
    }
}
