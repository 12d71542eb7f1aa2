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
    void one_daemon_runs_alone_or_two_share_postgresql_in_private_subnets_with_secrets_from_secrets_manager() throws IOException {
        JsonNode template = Deploy.json("rambla.template.json");
        JsonNode resources = template.path("Resources");
        JsonNode service = resources.path("Service").path("Properties");
        assertThat(template.path("Conditions").path("Clustered").toString()).contains("ClusterJdbcUrl");
        assertThat(ifBranches(service.path("DesiredCount"))).containsExactly(2, 1);
        // Alone, two daemons at once would apply the same stacks twice: the new task starts only after the old one stopped.
        assertThat(ifBranches(service.path("DeploymentConfiguration").path("MaximumPercent"))).containsExactly(200, 100);
        assertThat(service.path("NetworkConfiguration").path("AwsvpcConfiguration").path("AssignPublicIp").asText()).isEqualTo("DISABLED");

        JsonNode container = resources.path("TaskDefinition").path("Properties").path("ContainerDefinitions").get(0);
        List<String> secrets = new ArrayList<>();
        container.path("Secrets").forEach(s -> secrets.add(s.has("Fn::If") ? s.path("Fn::If").get(1).path("Name").asText() : s.path("Name").asText()));
        assertThat(secrets).containsExactlyInAnyOrder("RAMBLA_GITHUB_TOKEN", "RAMBLA_GITHUB_WEBHOOK_SECRET", "RAMBLA_API_TOKEN",
                "RAMBLA_GIT_SSH_KEY", "RAMBLA_GIT_SSH_KNOWN_HOSTS", "RAMBLA_CLUSTER_USERNAME", "RAMBLA_CLUSTER_PASSWORD");
        assertThat(container.path("Environment").toString()).doesNotContainIgnoringCase("token").doesNotContainIgnoringCase("password")
                .contains("RAMBLA_LOG_FORMAT", "JAVA_TOOL_OPTIONS", "RAMBLA_CLUSTER_JDBC_URL");
        assertThat(template.path("Parameters").path("JavaOptions").path("Default").asText()).contains("-Xmx192m");
    }

    @Test
    void the_status_page_is_reached_through_the_districts_internal_endpoint_at_the_public_url_host() throws IOException {
        JsonNode resources = Deploy.json("rambla.template.json").path("Resources");
        JsonNode rule = resources.path("ListenerRule").path("Properties");
        assertThat(rule.path("ListenerArn").path("Ref").asText()).isEqualTo("InternalListenerArn");
        assertThat(rule.path("Conditions").get(0).path("Field").asText()).isEqualTo("host-header");
        assertThat(rule.path("Conditions").toString()).contains("PublicUrl");
        assertThat(rule.path("Actions").get(0).path("TargetGroupArn").path("Ref").asText()).isEqualTo("TargetGroup");

        JsonNode targetGroup = resources.path("TargetGroup").path("Properties");
        assertThat(targetGroup.path("TargetType").asText()).isEqualTo("ip");
        assertThat(targetGroup.path("Port").asInt()).isEqualTo(8080);
        assertThat(targetGroup.path("HealthCheckPath").asText()).isEqualTo("/health");

        JsonNode service = resources.path("Service");
        assertThat(service.path("Properties").path("LoadBalancers").get(0).path("ContainerPort").asInt()).isEqualTo(8080);
        // ECS refuses a target group that is not yet attached to a listener.
        assertThat(service.path("DependsOn").asText()).isEqualTo("ListenerRule");
    }

    /** The true and false values of an {@code Fn::If} on the Clustered condition. */
    private static List<Integer> ifBranches(JsonNode node) {
        JsonNode branches = node.path("Fn::If");
        assertThat(branches.get(0).asText()).isEqualTo("Clustered");
        return List.of(branches.get(1).asInt(), branches.get(2).asInt());
    }

    @Test
    void an_ssh_key_and_its_known_hosts_come_from_secrets_manager_only_when_given_and_never_one_without_the_other() throws IOException {
        JsonNode template = Deploy.json("rambla.template.json");
        assertThat(template.path("Parameters").path("GitSshKeySecretArn").path("Default").asText()).isEmpty();
        assertThat(template.path("Conditions").path("HasSshKey").toString()).contains("GitSshKeySecretArn");
        JsonNode rule = template.path("Rules").path("SshKeyNeedsKnownHosts");
        assertThat(rule.path("RuleCondition").toString()).contains("GitSshKeySecretArn");
        assertThat(rule.path("Assertions").get(0).path("Assert").toString()).contains("GitSshKnownHostsSecretArn");

        JsonNode container = template.path("Resources").path("TaskDefinition").path("Properties").path("ContainerDefinitions").get(0);
        java.util.Map<String, String> sshSecrets = new java.util.TreeMap<>();
        for (JsonNode secret : container.path("Secrets")) {
            JsonNode branches = secret.path("Fn::If");
            if (branches.isArray() && branches.get(0).asText().equals("HasSshKey")) {
                assertThat(branches.get(2).path("Ref").asText()).isEqualTo("AWS::NoValue");
                sshSecrets.put(branches.get(1).path("Name").asText(), branches.get(1).path("ValueFrom").path("Ref").asText());
            }
        }
        // The names the daemon reads as text (rambla.git.ssh-key, rambla.git.ssh-known-hosts).
        assertThat(sshSecrets).containsExactly(
                java.util.Map.entry("RAMBLA_GIT_SSH_KEY", "GitSshKeySecretArn"),
                java.util.Map.entry("RAMBLA_GIT_SSH_KNOWN_HOSTS", "GitSshKnownHostsSecretArn"));
        assertThat(container.path("Environment").toString()).doesNotContain("SSH");

        String readable = template.path("Resources").path("ExecutionRole").path("Properties").path("Policies").get(0)
                .path("PolicyDocument").path("Statement").toString();
        assertThat(readable).contains("${GitSshKeySecretArn}", "${GitSshKnownHostsSecretArn}");
    }

    @Test
    void every_way_of_running_the_daemon_exits_on_out_of_memory_so_its_supervisor_restarts_it() throws IOException {
        String flag = "-XX:+ExitOnOutOfMemoryError";
        assertThat(Deploy.json("rambla.template.json").path("Parameters").path("JavaOptions").path("Default").asText()).contains(flag);
        assertThat(Files.readString(Deploy.root().resolve("rambla.service"))).containsPattern("ExecStart=\\S*java [^\\n]*" + java.util.regex.Pattern.quote(flag));
        String launcher = Files.readString(Deploy.root().resolve("../rambla"));
        assertThat(launcher).containsPattern("serve\\)\\n(?:.*\\n)*?\\s*exec \"\\$JAVA\" (?:\\S+ )*" + java.util.regex.Pattern.quote(flag) + " -jar");
        assertThat(launcher).contains(flag + " -jar \"$JAR\" serve > ");
        assertThat(Files.readString(Deploy.root().resolve("../reconciler/pom.xml"))).contains("<jvmFlag>" + flag + "</jvmFlag>");
    }

    @Test
    void the_container_runs_with_the_systemd_units_jvm_options_but_its_class_data_sharing_archive() throws IOException {
        String unit = Files.readString(Deploy.root().resolve("rambla.service"));
        java.util.regex.Matcher exec = java.util.regex.Pattern.compile("(?m)^ExecStart=/usr/bin/java (.*) -jar ").matcher(unit);
        assertThat(exec.find()).isTrue();
        String withoutArchive = exec.group(1).replaceAll(" -XX:SharedArchiveFile=\\S+", "");
        assertThat(withoutArchive).isNotEqualTo(exec.group(1));
        assertThat(Deploy.json("rambla.template.json").path("Parameters").path("JavaOptions").path("Default").asText()).isEqualTo(withoutArchive);
    }

    @Test
    void the_systemd_unit_records_the_class_data_sharing_archive_it_starts_with_and_tolerates_its_failure() throws IOException {
        String unit = Files.readString(Deploy.root().resolve("rambla.service"));
        java.util.regex.Matcher archive = java.util.regex.Pattern.compile("(?m)^ExecStart=\\S*java .*-XX:SharedArchiveFile=(\\S+) ").matcher(unit);
        assertThat(archive.find()).isTrue();
        String jsa = archive.group(1);
        assertThat(jsa).as("a path the service may write").startsWith("/var/lib/rambla/");
        assertThat(unit).contains("ReadWritePaths=/var/lib/rambla", "StateDirectory=rambla");
        // "-": a failed recording does not stop the daemon from starting, without the archive.
        assertThat(unit).containsPattern("(?m)^ExecStartPre=-.*-XX:ArchiveClassesAtExit=" + java.util.regex.Pattern.quote(jsa) + " .*-jar /opt/rambla/rambla.jar serve'$");
        assertThat(unit).as("recorded again when the jar is newer").contains("test " + jsa + " -nt /opt/rambla/rambla.jar ||");
        assertThat(unit).as("the recording run follows no repository").contains("env -u RAMBLA_GIT_URL ");
        String launcher = Files.readString(Deploy.root().resolve("../rambla"));
        assertThat(launcher).contains("-XX:ArchiveClassesAtExit=\"$JSA\"", "exec \"$JAVA\" -XX:SharedArchiveFile=\"$JSA\" -XX:+ExitOnOutOfMemoryError -jar \"$JAR\" \"$@\"");
    }

    @Test
    void the_systemd_unit_runs_the_daemon_unprivileged() throws IOException {
        String unit = Files.readString(Deploy.root().resolve("rambla.service"));
        assertThat(unit).contains("ExecStart=", " serve", "User=rambla", "NoNewPrivileges=true", "EnvironmentFile=", "-Xmx192m");
    }
}
