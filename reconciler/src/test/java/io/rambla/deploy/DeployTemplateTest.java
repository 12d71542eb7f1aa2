package io.rambla.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code deploy/rambla.template.json} passes cfn-lint and runs the daemon the way the docs say. */
class DeployTemplateTest {

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(Deploy.root().toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("%s did not finish within 5 minutes", command);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static List<String> cfnLint() throws InterruptedException {
        for (List<String> candidate : List.of(List.of("cfn-lint"), List.of("python3", "-m", "cfnlint"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("--version");
            try {
                if (run(version).exitCode() == 0) {
                    return candidate;
                }
            } catch (IOException notInstalled) {
                // try the next way of starting it
            }
        }
        return fail("cfn-lint is not installed: install it with `pip install cfn-lint` (CI does)");
    }

    @Test
    void the_deploy_template_passes_cfn_lint_without_errors_or_warnings() throws Exception {
        List<String> command = new ArrayList<>(cfnLint());
        command.addAll(List.of("--format", "parseable", "--", "rambla.template.json"));
        Result result = run(command);

        List<String> findings = result.output().lines().filter(l -> !l.isBlank())
                .filter(l -> { String[] p = l.split(":", 7); return !(p.length == 7 && p[5].startsWith("I")); })
                .toList();
        assertThat(findings).as("cfn-lint findings").isEmpty();
        assertThat(result.exitCode() & ~8).as("cfn-lint exit code; output:%n%s", result.output()).isZero();
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
