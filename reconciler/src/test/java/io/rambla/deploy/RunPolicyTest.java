package io.rambla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code deploy/run-policy.json}, the least a person running {@code rambla run} needs, in step
 * with the calls the run package makes: its ECS and CloudWatch Logs client calls found by reading the
 * sources, DescribeStacks (through {@code AwsCloudFormationStacks.describe}), the PassRole that
 * RunTask of a task definition with roles needs, and the ExecuteCommand that {@code aws ecs
 * execute-command} makes for {@code rambla run --interactive}.
 */
class RunPolicyTest {

    private static final Path RUN = Deploy.mainSources().resolve("io/rambla/run");
    /** What only {@code rambla run --interactive} calls; the daemon's run API never opens a session. */
    private static final String INTERACTIVE_ONLY = "ecs:ExecuteCommand";

    static Set<String> actionsCalledByTheRunPackage() throws IOException {
        Set<String> actions = new TreeSet<>();
        actions.addAll(calls("EcsClient", "ecs"));
        actions.addAll(calls("CloudWatchLogsClient", "logs"));
        assertThat(Files.readString(RUN.resolve("AwsStackOutputs.java"))).contains("new AwsCloudFormationStacks(", ").describe(stackName)");
        actions.add("cloudformation:DescribeStacks");
        if (actions.contains("ecs:RunTask")) {
            actions.add("iam:PassRole");
        }
        if (Files.readString(RUN.resolve("ExecSession.java")).contains("\"ecs\", \"execute-command\"")) {
            // Called by the AWS CLI that --interactive hands the terminal to, with the user's credentials.
            actions.add(INTERACTIVE_ONLY);
        }
        return actions;
    }

    private static Set<String> calls(String clientType, String service) throws IOException {
        Pattern clientVariable = Pattern.compile("\\b" + clientType + "\\s+(\\w+)\\s*[;,)=]");
        Set<String> actions = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.list(RUN)) {
            files = walk.filter(f -> f.toString().endsWith(".java")).toList();
        }
        for (Path file : files) {
            String source = Files.readString(file);
            Matcher variables = clientVariable.matcher(source);
            while (variables.find()) {
                Matcher calls = Pattern.compile("\\b" + Pattern.quote(variables.group(1)) + "\\s*\\.\\s*([a-z]\\w*)\\s*\\(").matcher(source);
                while (calls.find()) {
                    if (!Set.of("close", "serviceName", "serviceClientConfiguration", "waiter", "utilities").contains(calls.group(1))) {
                        actions.add(service + ":" + IamPolicyTest.operation(calls.group(1)));
                    }
                }
            }
        }
        return actions;
    }

    @Test
    void the_scan_finds_the_calls_rambla_run_is_known_to_make() throws IOException {
        assertThat(actionsCalledByTheRunPackage()).contains("ecs:RunTask", "ecs:DescribeTasks", "ecs:StopTask", "logs:GetLogEvents",
                "ecs:ExecuteCommand");
    }

    @Test
    void the_run_policy_allows_exactly_what_rambla_run_calls() throws IOException {
        Set<String> allowed = new TreeSet<>();
        for (JsonNode statement : Deploy.json("run-policy.json").path("Statement")) {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            statement.path("Action").forEach(a -> allowed.add(a.asText()));
        }
        assertThat(allowed).isEqualTo(actionsCalledByTheRunPackage());
    }

    @Test
    void only_rambla_stacks_clusters_roles_and_log_groups_are_reachable() throws IOException {
        for (JsonNode statement : Deploy.json("run-policy.json").path("Statement")) {
            List<String> resources = new java.util.ArrayList<>();
            if (statement.path("Resource").isArray()) {
                statement.path("Resource").forEach(r -> resources.add(r.asText()));
            } else {
                resources.add(statement.path("Resource").asText());
            }
            assertThat(resources).isNotEmpty();
            for (String resource : resources) {
                if (resource.equals("*")) {
                    // ECS grants DescribeTaskDefinition on "*" only; it reads, nothing more.
                    assertThat(statement.path("Action")).extracting(JsonNode::asText).containsExactly("ecs:DescribeTaskDefinition");
                } else {
                    assertThat(resource).contains("rambla-*");
                }
            }
        }
        assertThat(statement("OpenSessionsInOneOffContainers").path("Condition").path("StringEquals").path("ecs:container-name")
                .asText()).isEqualTo("one-off");
        assertThat(statement("RunOneOffTasksOnRamblaClusters").path("Condition").path("ArnLike").path("ecs:cluster").asText())
                .isEqualTo("arn:aws:ecs:*:*:cluster/rambla-*");
        assertThat(statement("PassTheTaskDefinitionsRoles").path("Condition").path("StringEquals").path("iam:PassedToService").asText())
                .isEqualTo("ecs-tasks.amazonaws.com");
    }

    @Test
    void the_daemons_own_policy_allows_the_ecs_calls_of_the_run_api() throws IOException {
        Set<String> ecs = new TreeSet<>(actionsCalledByTheRunPackage());
        ecs.removeIf(a -> !a.startsWith("ecs:") || a.equals(INTERACTIVE_ONLY));
        assertThat(IamPolicyTest.actions(Deploy.json("iam-policy.json"), "ecs")).containsAll(ecs);
    }

    private static JsonNode statement(String sid) throws IOException {
        for (JsonNode statement : Deploy.json("run-policy.json").path("Statement")) {
            if (statement.path("Sid").asText().equals(sid)) {
                return statement;
            }
        }
        throw new AssertionError("no statement " + sid);
    }
}
