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
 * Keeps {@code deploy/iam-policy.json} in step with the code: the CloudFormation actions it allows
 * are exactly the {@code CloudFormationClient} methods the daemon calls, found by reading the
 * main sources. A new call without a policy change (or a stale permission) fails here, not in
 * production with AccessDenied.
 */
class IamPolicyTest {

    /** {@code CloudFormationClient client} as a field, parameter or local variable. */
    private static final Pattern CLIENT_VARIABLE = Pattern.compile("\\bCloudFormationClient\\s+(\\w+)\\s*[;,)=]");
    /** Client methods that are not API operations. */
    private static final Set<String> NOT_OPERATIONS = Set.of("close", "serviceName", "serviceClientConfiguration", "waiter", "utilities");
    /**
     * Actions IAM also checks when the code calls an operation: DetectStackDrift is authorised
     * as DetectStackResourceDrift on every resource of the stack too.
     */
    private static final java.util.Map<String, Set<String>> DEPENDENT_ACTIONS = java.util.Map.of(
            "cloudformation:DetectStackDrift", Set.of("cloudformation:DetectStackResourceDrift"));
    /** Statements that may allow a read on every resource without a condition, and the only action each may allow. */
    private static final java.util.Map<String, String> UNSCOPED_READS = java.util.Map.of(
            // Listing stacks (DescribeStacks without a name) can only be granted on every stack; it reads, nothing more.
            "ListAllStacks", "cloudformation:DescribeStacks",
            // A drift detection id names no stack, so its status can only be granted on every resource.
            "DriftDetectionStatus", "cloudformation:DescribeStackDriftDetectionStatus");

    static Set<String> cloudFormationActionsCalledByTheCode() throws IOException {
        Set<String> actions = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Deploy.mainSources())) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String source;
                try {
                    source = Files.readString(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Matcher variables = CLIENT_VARIABLE.matcher(source);
                while (variables.find()) {
                    Matcher calls = Pattern.compile("\\b" + Pattern.quote(variables.group(1)) + "\\s*\\.\\s*([a-z]\\w*)\\s*\\(").matcher(source);
                    while (calls.find()) {
                        String method = calls.group(1);
                        if (!NOT_OPERATIONS.contains(method)) {
                            String action = "cloudformation:" + operation(method);
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
    void cloudformation_actions_are_limited_to_rambla_stacks_and_nothing_is_allowed_on_every_resource_directly() throws IOException {
        for (JsonNode statement : Deploy.json("iam-policy.json").path("Statement")) {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            String resources = statement.path("Resource").toString();
            String sid = statement.path("Sid").asText();
            if (resources.equals("\"*\"") && !UNSCOPED_READS.containsKey(sid)) {
                assertThat(statement.has("Condition")).as("statement %s allows * without a condition", sid).isTrue();
            }
            if (UNSCOPED_READS.containsKey(sid)) {
                assertThat(statement.path("Action")).extracting(JsonNode::asText).containsExactly(UNSCOPED_READS.get(sid));
            }
            if (statement.path("Sid").asText().equals("RamblaStacks")) {
                assertThat(statement.path("Resource")).allSatisfy(r -> assertThat(r.asText()).contains("/rambla-*/"));
            }
        }
    }

    @Test
    void the_daemons_task_role_in_the_deploy_template_has_exactly_this_policy() throws IOException {
        JsonNode role = Deploy.json("rambla.template.json").path("Resources").path("TaskRole").path("Properties");
        assertThat(role.path("Policies")).hasSize(1);
        assertThat(role.path("Policies").get(0).path("PolicyDocument")).isEqualTo(Deploy.json("iam-policy.json"));
        assertThat(role.has("ManagedPolicyArns")).isFalse();
    }
}
