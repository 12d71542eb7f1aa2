package io.rambla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code deploy/iam-policy.json} in step with the code: the CloudFormation and ECS actions
 * it allows the daemon itself are exactly the {@code CloudFormationClient} and {@code EcsClient}
 * methods the daemon calls, found by reading the main sources. A new call without a policy change (or a stale permission) fails here, not in
 * production with AccessDenied.
 */
class IamPolicyTest {

    /** Client methods that are not API operations. */
    private static final Set<String> NOT_OPERATIONS = Set.of("close", "serviceName", "serviceClientConfiguration", "waiter", "utilities");
    /**
     * Actions IAM also checks when the code calls an operation: DetectStackDrift is authorised
     * as DetectStackResourceDrift on every resource of the stack too.
     */
    private static final java.util.Map<String, Set<String>> DEPENDENT_ACTIONS = java.util.Map.of(
            "cloudformation:DetectStackDrift", Set.of("cloudformation:DetectStackResourceDrift"));
    /** Statements that may allow a read on every resource without a condition, and the only actions each may allow. */
    private static final java.util.Map<String, java.util.List<String>> UNSCOPED_READS = java.util.Map.of(
            // Listing stacks (DescribeStacks without a name; ListStacks, which waits for every busy stack in
            // one call) can only be granted on every stack; it reads, nothing more.
            "ListAllStacks", java.util.List.of("cloudformation:DescribeStacks", "cloudformation:ListStacks"),
            // A drift detection id names no stack, so its status can only be granted on every resource.
            "DriftDetectionStatus", java.util.List.of("cloudformation:DescribeStackDriftDetectionStatus"));

    static Set<String> cloudFormationActionsCalledByTheCode() throws IOException {
        return actionsCalledByTheCode("CloudFormationClient", "cloudformation");
    }

    static Set<String> ecsActionsCalledByTheCode() throws IOException {
        return actionsCalledByTheCode("EcsClient", "ecs");
    }

    /** Every method called on a {@code clientType} field, parameter or local variable of the main sources, as IAM actions. */
    static Set<String> actionsCalledByTheCode(String clientType, String service) throws IOException {
        Pattern clientVariable = Pattern.compile("\\b" + clientType + "\\s+(\\w+)\\s*[;,)=]");
        Set<String> actions = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Deploy.mainSources())) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String source;
                try {
                    source = Files.readString(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Matcher variables = clientVariable.matcher(source);
                while (variables.find()) {
                    Matcher calls = Pattern.compile("\\b" + Pattern.quote(variables.group(1)) + "\\s*\\.\\s*([a-z]\\w*)\\s*\\(").matcher(source);
                    while (calls.find()) {
                        String method = calls.group(1);
                        if (!NOT_OPERATIONS.contains(method)) {
                            String action = service + ":" + operation(method);
                            actions.add(action);
                            actions.addAll(DEPENDENT_ACTIONS.getOrDefault(action, Set.of()));
                        }
                    }
                }
            });
        }
        return actions;
    }

    /** {@code describeStackEventsPaginator} → {@code DescribeStackEvents}. */
    static String operation(String method) {
        String name = method.endsWith("Paginator") ? method.substring(0, method.length() - "Paginator".length()) : method;
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    static Set<String> actions(JsonNode policy, String service) {
        Set<String> actions = new TreeSet<>();
        for (JsonNode statement : policy.path("Statement")) {
            if (statement.path("Condition").toString().contains("aws:CalledVia")) {
                continue; // what CloudFormation does on Rambla's behalf, not a call of the daemon's own
            }
            JsonNode action = statement.path("Action");
            (action.isArray() ? action : java.util.List.of(action)).forEach(a -> {
                if (a.asText().startsWith(service + ":")) {
                    actions.add(a.asText());
                }
            });
        }
        return actions;
    }

    @Test
    void the_scan_finds_the_calls_the_applier_is_known_to_make() throws IOException {
        assertThat(cloudFormationActionsCalledByTheCode())
                .contains("cloudformation:DescribeStacks", "cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet",
                        "cloudformation:DetectStackDrift", "cloudformation:DetectStackResourceDrift");
    }

    @Test
    void the_policy_allows_exactly_the_cloudformation_actions_the_code_calls() throws IOException {
        assertThat(actions(Deploy.json("iam-policy.json"), "cloudformation"))
                .as("cloudformation actions in deploy/iam-policy.json")
                .isEqualTo(cloudFormationActionsCalledByTheCode());
    }

    @Test
    void the_scan_finds_the_ecs_calls_before_deploy_is_known_to_make() throws IOException {
        assertThat(ecsActionsCalledByTheCode()).contains("ecs:RegisterTaskDefinition", "ecs:RunTask", "ecs:DescribeTasks");
    }

    @Test
    void the_policy_allows_exactly_the_ecs_actions_the_code_calls() throws IOException {
        assertThat(actions(Deploy.json("iam-policy.json"), "ecs"))
                .as("ecs actions in deploy/iam-policy.json, outside what only CloudFormation may do")
                .isEqualTo(ecsActionsCalledByTheCode());
    }

    @Test
    void before_deploy_runs_tasks_only_of_rambla_families_on_rambla_clusters_and_passes_only_rambla_roles() throws IOException {
        JsonNode policy = Deploy.json("iam-policy.json");
        JsonNode run = statement(policy, "BeforeDeployTasksOnRamblaClusters");
        assertThat(run.path("Action")).extracting(JsonNode::asText).containsExactly("ecs:RunTask");
        assertThat(run.path("Resource").asText()).isEqualTo("arn:aws:ecs:*:*:task-definition/rambla-*:*");
        assertThat(run.path("Condition").path("ArnLike").path("ecs:cluster").asText()).isEqualTo("arn:aws:ecs:*:*:cluster/rambla-*");
        assertThat(statement(policy, "BeforeDeployTaskStatus").path("Resource").asText()).isEqualTo("arn:aws:ecs:*:*:task/rambla-*/*");
        JsonNode pass = statement(policy, "PassRamblaRolesToTheirServices");
        assertThat(pass.path("Resource").asText()).isEqualTo("arn:aws:iam::*:role/rambla-*");
        assertThat(pass.path("Condition").path("StringEquals").path("iam:PassedToService"))
                .extracting(JsonNode::asText).contains("ecs-tasks.amazonaws.com");
    }

    private static JsonNode statement(JsonNode policy, String sid) {
        for (JsonNode statement : policy.path("Statement")) {
            if (statement.path("Sid").asText().equals(sid)) {
                return statement;
            }
        }
        throw new AssertionError("no statement " + sid);
    }

    @Test
    void cloudformation_actions_are_limited_to_rambla_stacks_and_nothing_is_allowed_on_every_resource_directly() throws IOException {
        for (JsonNode statement : Deploy.json("iam-policy.json").path("Statement")) {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            String resources = statement.path("Resource").toString();
            String sid = statement.path("Sid").asText();
            // ECS grants DescribeTaskDefinition and RegisterTaskDefinition only on "*"; checked below.
            if (resources.equals("\"*\"") && !UNSCOPED_READS.containsKey(sid) && !sid.equals("BeforeDeployTaskDefinitions")) {
                assertThat(statement.has("Condition")).as("statement %s allows * without a condition", sid).isTrue();
            }
            if (UNSCOPED_READS.containsKey(sid)) {
                assertThat(statement.path("Action")).extracting(JsonNode::asText).containsExactlyElementsOf(UNSCOPED_READS.get(sid));
            }
            if (statement.path("Sid").asText().equals("BeforeDeployTaskDefinitions")) {
                // ECS grants these on task definitions only as "*". What can be registered is bounded by
                // iam:PassRole (Rambla's roles, to ECS tasks only) and what can run by RunTask's scope; the
                // code lists and deregisters only revisions of the one-off family a stack's output names.
                assertThat(statement.path("Action")).extracting(JsonNode::asText)
                        .containsExactly("ecs:DeregisterTaskDefinition", "ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions",
                                "ecs:RegisterTaskDefinition");
            }
            if (statement.path("Sid").asText().equals("RamblaStacks")) {
                assertThat(statement.path("Resource")).allSatisfy(r -> assertThat(r.asText()).contains("/rambla-*/"));
            }
        }
    }

    @Test
    void the_daemons_task_role_in_the_deploy_template_has_exactly_this_policy() throws IOException {
        JsonNode role = Deploy.json("rambla.template.json").path("Resources").path("TaskRole").path("Properties");
        // The second policy exists only with a CloudFormation service role: ServiceRoleTemplateTest.
        assertThat(role.path("Policies")).hasSize(2);
        assertThat(role.path("Policies").get(0).path("PolicyDocument")).isEqualTo(Deploy.json("iam-policy.json"));
        assertThat(role.path("Policies").get(1).path("Fn::If").get(0).asText()).isEqualTo("HasCloudFormationRole");
        assertThat(role.has("ManagedPolicyArns")).isFalse();
    }
}
