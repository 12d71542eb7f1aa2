package io.rambla.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Barcelona's forms of barcelona.yml become in the app template, from the file to the template. */
class BarcelonaRenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private JsonNode render(String district, String app) throws IOException {
        Files.createDirectories(root.resolve("districts"));
        Files.createDirectories(root.resolve("apps/shop"));
        Files.writeString(root.resolve("districts/main.yml"), district);
        Files.writeString(root.resolve("apps/shop/barcelona.yml"), app);
        LoadResult loaded = RepositoryLoader.load(root);
        assertThat(loaded.errors()).isEmpty();
        RenderedUnit unit = new Renderer().render(loaded.repository()).stream()
                .filter(u -> u.stack().stackName().contains("app-shop")).findFirst().orElseThrow();
        return JSON.readTree(unit.stack().templateBody()).path("Resources");
    }

    private static final String EC2 = """
            region: ap-northeast-1
            endpoints:
              - name: public
            """;

    @Test
    void a_web_service_runs_its_string_command_through_a_shell_with_port_set_as_barcelona_did() throws IOException {
        JsonNode resources = render(EC2, """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: web
                        service_type: web
                        web_container_port: 8080
                        command: rails s -p $PORT -b 0.0.0.0
                        listeners:
                          - endpoint: public
                            health_check_port: 9090
                """);
        JsonNode container = resources.at("/WebTaskDefinition/Properties/ContainerDefinitions/0");

        assertThat(JSON.convertValue(container.path("Command"), String[].class))
                .containsExactly("sh", "-c", "exec rails s -p $PORT -b 0.0.0.0");
        assertThat(container.path("Environment").toString()).contains("{\"Name\":\"PORT\",\"Value\":\"8080\"}");
        assertThat(resources.at("/WebPublicTargetGroup/Properties/HealthCheckPort").asText()).isEqualTo("9090");
    }

    @Test
    void on_ec2_sizes_are_the_containers_with_no_cpu_reservation_unless_set_and_no_task_level_size() throws IOException {
        JsonNode resources = render(EC2, """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: worker
                        command: [bundle, exec, sidekiq]
                        cpu: 32
                      - name: mailer
                        command: bundle exec mailer
                """);

        JsonNode worker = resources.at("/WorkerTaskDefinition/Properties");
        assertThat(worker.has("Cpu")).isFalse();
        assertThat(worker.at("/ContainerDefinitions/0/Cpu").asInt()).isEqualTo(32);
        assertThat(worker.at("/ContainerDefinitions/0/Memory").asInt()).isEqualTo(512);
        assertThat(worker.at("/ContainerDefinitions/0/Command").toString()).isEqualTo("[\"bundle\",\"exec\",\"sidekiq\"]");
        assertThat(worker.at("/ContainerDefinitions/0/Environment").isMissingNode()).isTrue();
        assertThat(resources.at("/MailerTaskDefinition/Properties/ContainerDefinitions/0").has("Cpu")).isFalse();
        // No reverse proxy nor run-pack sidecar, as Barcelona added: the app's container alone.
        assertThat(worker.at("/ContainerDefinitions").size()).isEqualTo(1);
    }

    @Test
    void desired_count_is_read_with_one_task_by_default_and_zero_runs_none() throws IOException {
        JsonNode resources = render(EC2, """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: web
                        command: puma
                      - name: streaming
                        command: npm start
                        desired_count: 0
                """);

        assertThat(resources.at("/WebService/Properties/DesiredCount").asInt()).isEqualTo(1);
        assertThat(resources.at("/StreamingService/Properties/DesiredCount").isInt()).isTrue();
        assertThat(resources.at("/StreamingService/Properties/DesiredCount").asInt()).isZero();
    }

    @Test
    void on_fargate_the_task_takes_a_fargate_size_and_spot_services_run_on_fargate_spot() throws IOException {
        JsonNode resources = render("""
                region: ap-northeast-1
                cluster_backend: fargate
                """, """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: worker
                        memory: 2048
                        fargate_spot: true
                    scheduled_tasks:
                      - schedule: rate(1 day)
                        command: rake sweep
                """);

        JsonNode worker = resources.at("/WorkerTaskDefinition/Properties");
        assertThat(worker.path("Cpu").asText()).isEqualTo("256");
        assertThat(worker.path("Memory").asText()).isEqualTo("2048");
        assertThat(resources.at("/WorkerService/Properties/CapacityProviderStrategy/0/CapacityProvider").asText())
                .isEqualTo("FARGATE_SPOT");
        JsonNode oneOff = resources.at("/OneOffTaskDefinition/Properties");
        assertThat(oneOff.path("Cpu").asText()).isEqualTo("256");
        assertThat(oneOff.at("/ContainerDefinitions/0/Cpu").asInt()).isEqualTo(128);
        assertThat(JSON.readTree(resources.at("/ScheduledTask1Rule/Properties/Targets/0/Input").asText()).toString())
                .isEqualTo("{\"containerOverrides\":[{\"name\":\"one-off\",\"command\":[\"rake\",\"sweep\"],\"cpu\":128,"
                        + "\"memory\":512}],\"cpu\":\"256\",\"memory\":\"512\"}");
    }

    @Test
    void ssm_path_gets_the_district_prefix_only_when_it_is_missing_and_value_from_takes_names() throws IOException {
        JsonNode resources = render(EC2, """
                environments:
                  production:
                    image_name: shop
                    environment:
                      - {name: A, ssm_path: shop/a}
                      - {name: B, ssm_path: /barcelona/main/shop/b}
                      - {name: C, value_from: /shop/c}
                    services:
                      - name: worker
                        command: sidekiq
                """);

        String secrets = resources.at("/WorkerTaskDefinition/Properties/ContainerDefinitions/0/Secrets").toString();
        assertThat(secrets)
                .contains(":parameter/barcelona/main/shop/a\"")
                .contains(":parameter/barcelona/main/shop/b\"")
                .doesNotContain("barcelona/main/barcelona")
                .contains(":parameter/shop/c\"");
    }

    @Test
    void run_env_reaches_the_one_off_task_only() throws IOException {
        JsonNode resources = render(EC2, """
                environments:
                  production:
                    image_name: shop
                    run_env:
                      vars: {RAILS_ENV: production}
                    before_deploy: rake db:migrate
                    services:
                      - name: worker
                        command: sidekiq
                """);

        assertThat(resources.at("/OneOffTaskDefinition/Properties/ContainerDefinitions/0/Environment").toString())
                .contains("RAILS_ENV");
        assertThat(resources.at("/WorkerTaskDefinition/Properties/ContainerDefinitions/0/Environment").isMissingNode()).isTrue();
    }
}
