package io.rambla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the roles Rambla renders, the boundary they carry, and the daemon's IAM rights in step:
 * every role in every rendered template (the golden templates of the render tests) carries the
 * boundary; the daemon may create roles and change their policies only with that boundary set,
 * and attach only the managed policies the templates use; the boundary allows what the rendered
 * roles use and no IAM change.
 */
class PermissionsBoundaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The actions by which a role's rights are set; each must require the boundary. */
    private static final Set<String> ROLE_RIGHTS = Set.of("iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy",
            "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary");
    /** Actions that would take a boundary off or change what a managed policy says: never allowed. */
    private static final Pattern ESCAPES = Pattern.compile("iam:(DeleteRolePermissionsBoundary|CreatePolicy.*|SetDefaultPolicyVersion|"
            + "DeletePolicy.*|CreateUser|CreateAccessKey|PutUserPolicy|AttachUserPolicy|\\*)|\\*");

    /** Every rendered template of the render tests, with its name. */
    static List<JsonNode> renderedTemplates() throws IOException {
        Path goldens = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("src/test/resources/render/golden");
        List<JsonNode> templates = new ArrayList<>();
        try (Stream<Path> files = Files.walk(goldens)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".template.json")).sorted().toList()) {
                templates.add(JSON.readTree(file.toFile()));
            }
        }
        return templates;
    }

    static List<JsonNode> roles(JsonNode template) {
        List<JsonNode> roles = new ArrayList<>();
        template.path("Resources").forEach(r -> {
            if (r.path("Type").asText().equals("AWS::IAM::Role")) {
                roles.add(r.path("Properties"));
            }
        });
        return roles;
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        (node.isArray() ? node : JSON.createArrayNode().add(node)).forEach(n -> values.add(n.asText()));
        return values;
    }

    private static String boundaryArnPattern() throws IOException {
        String name = Deploy.json("rambla.template.json").path("Resources").path("PermissionsBoundary").path("Properties")
                .path("ManagedPolicyName").asText();
        assertThat(name).isNotBlank();
        return "arn:aws:iam::*:policy/" + name;
    }

    @Test
    void every_role_in_every_rendered_template_carries_the_boundary_deploy_creates() throws IOException {
        String name = boundaryArnPattern().substring("arn:aws:iam::*:policy/".length());
        List<JsonNode> templates = renderedTemplates();
        int roles = 0;
        for (JsonNode template : templates) {
            for (JsonNode role : roles(template)) {
                roles++;
                assertThat(role.path("PermissionsBoundary").path("Fn::Sub").asText())
                        .isEqualTo("arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/" + name);
            }
        }
        assertThat(roles).as("roles found in %d rendered templates", templates.size()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void the_daemon_sets_a_roles_rights_only_with_the_boundary_on_it_and_can_never_take_it_off() throws IOException {
        String boundary = boundaryArnPattern();
        Set<String> gated = new TreeSet<>();
        for (JsonNode statement : Deploy.json("iam-policy.json").path("Statement")) {
            List<String> actions = strings(statement.path("Action"));
            assertThat(actions).as(statement.path("Sid").asText()).noneMatch(a -> ESCAPES.matcher(a).matches());
            if (actions.stream().anyMatch(ROLE_RIGHTS::contains)) {
                assertThat(statement.path("Condition").path("ArnLike").path("iam:PermissionsBoundary").asText())
                        .as("statement %s", statement.path("Sid").asText()).isEqualTo(boundary);
                assertThat(statement.path("Condition").toString()).contains("cloudformation.amazonaws.com");
                assertThat(strings(statement.path("Resource"))).containsExactly("arn:aws:iam::*:role/rambla-*");
                actions.stream().filter(ROLE_RIGHTS::contains).forEach(gated::add);
            }
        }
        assertThat(gated).isEqualTo(new TreeSet<>(ROLE_RIGHTS));
    }

    @Test
    void only_the_managed_policies_the_templates_attach_may_be_attached() throws IOException {
        Set<String> used = new TreeSet<>();
        for (JsonNode template : renderedTemplates()) {
            for (JsonNode role : roles(template)) {
                role.path("ManagedPolicyArns").forEach(arn -> used.add(arn.path("Fn::Sub").asText().replace("${AWS::Partition}", "aws")));
            }
        }
        assertThat(used).isNotEmpty();
        Set<String> allowed = new TreeSet<>();
        for (JsonNode statement : Deploy.json("iam-policy.json").path("Statement")) {
            List<String> actions = strings(statement.path("Action"));
            if (actions.contains("iam:AttachRolePolicy") || actions.contains("iam:DetachRolePolicy")) {
                assertThat(actions).containsExactlyInAnyOrder("iam:AttachRolePolicy", "iam:DetachRolePolicy");
                allowed.addAll(strings(statement.path("Condition").path("ArnEquals").path("iam:PolicyARN")));
            }
        }
        assertThat(allowed).isEqualTo(used);
    }

    @Test
    void the_boundary_allows_every_action_the_rendered_roles_use_and_no_change_to_iam() throws IOException {
        JsonNode boundary = Deploy.json("permissions-boundary.json");
        List<String> allowed = new ArrayList<>();
        for (JsonNode statement : boundary.path("Statement")) {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            allowed.addAll(strings(statement.path("Action")));
        }
        assertThat(allowed).noneMatch(a -> ESCAPES.matcher(a).matches())
                .allMatch(a -> !a.startsWith("iam:") || a.equals("iam:PassRole"));

        Set<String> used = new TreeSet<>();
        for (JsonNode template : renderedTemplates()) {
            for (JsonNode role : roles(template)) {
                for (JsonNode policy : role.path("Policies")) {
                    policy.path("PolicyDocument").path("Statement").forEach(s -> used.addAll(strings(s.path("Action"))));
                }
            }
        }
        assertThat(used).isNotEmpty();
        for (String action : used) {
            assertThat(allowed).as("the boundary allows %s, which a rendered role uses", action)
                    .anyMatch(a -> Pattern.matches(a.replace("*", ".*"), action));
        }
    }

    @Test
    void the_deploy_template_creates_exactly_this_boundary_once_per_account() throws IOException {
        JsonNode template = Deploy.json("rambla.template.json");
        JsonNode policy = template.path("Resources").path("PermissionsBoundary");
        assertThat(policy.path("Type").asText()).isEqualTo("AWS::IAM::ManagedPolicy");
        assertThat(policy.path("Properties").path("PolicyDocument")).isEqualTo(Deploy.json("permissions-boundary.json"));
        assertThat(policy.path("Condition").asText()).isEqualTo("CreatesBoundary");
        assertThat(template.path("Parameters").path("CreatePermissionsBoundary").path("Default").asText()).isEqualTo("true");
    }
}
