package io.rambla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import io.rambla.support.CfnLint;
import org.junit.jupiter.api.Test;

/** {@code deploy/rambla.template.json} passes cfn-lint and runs the daemon the way the docs say. */
class DeployTemplateTest {


    @Test
    void the_deploy_template_passes_cfn_lint_without_errors_or_warnings() throws Exception {
        CfnLint.assertClean(Deploy.root(), List.of("rambla.template.json"));
    }

    @Test
    void exactly_one_daemon_runs_in_private_subnets_with_its_secrets_from_secrets_manager() throws IOException {
        JsonNode resources = Deploy.json("rambla.template.json").path("Resources");
        JsonNode service = resources.path("Service").path("Properties");
        assertThat(service.path("DesiredCount").asInt()).isEqualTo(1);
        // Two daemons at once would apply the same stacks twice: never start the new task before the old one stopped.
        assertThat(service.path("DeploymentConfiguration").path("MaximumPercent").asInt()).isEqualTo(100);
        assertThat(service.path("NetworkConfiguration").path("AwsvpcConfiguration").path("AssignPublicIp").asText()).isEqualTo("DISABLED");

        JsonNode container = resources.path("TaskDefinition").path("Properties").path("ContainerDefinitions").get(0);
        List<String> secrets = new ArrayList<>();
        container.path("Secrets").forEach(s -> secrets.add(s.path("Name").asText()));
        assertThat(secrets).containsExactlyInAnyOrder("RAMBLA_GITHUB_TOKEN", "RAMBLA_GITHUB_WEBHOOK_SECRET", "RAMBLA_API_TOKEN");
        assertThat(container.path("Environment").toString()).doesNotContainIgnoringCase("token").contains("RAMBLA_LOG_FORMAT");
    }

    @Test
    void the_systemd_unit_runs_the_daemon_unprivileged() throws IOException {
        String unit = Files.readString(Deploy.root().resolve("rambla.service"));
        assertThat(unit).contains("ExecStart=", " serve", "User=rambla", "NoNewPrivileges=true", "EnvironmentFile=");
    }
}
