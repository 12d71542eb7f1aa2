package io.rambla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.rambla.reconcile.ReconcilerFactory;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deploy template offers the CloudFormation service role: an optional parameter that reaches
 * the daemon as {@code rambla.aws.cloudformation-role-arn}, accepts what the daemon accepts, and
 * lets the task role pass exactly that role, to CloudFormation only.
 */
class ServiceRoleTemplateTest {

    private static final String VARIABLE = "RAMBLA_AWS_CLOUDFORMATION_ROLE_ARN";

    @Test
    void the_parameter_is_optional_and_accepts_exactly_the_role_arns_the_daemon_accepts() throws IOException {
        JsonNode parameter = Deploy.json("rambla.template.json").path("Parameters").path("CloudFormationRoleArn");
        assertThat(parameter.path("Type").asText()).isEqualTo("String");
        assertThat(parameter.path("Default").asText()).isEmpty();
        String pattern = parameter.path("AllowedPattern").asText();
        for (String value : List.of("", "arn:aws:iam::123456789012:role/rambla-cloudformation",
                "arn:aws-cn:iam::123456789012:role/platform/rambla-cloudformation", "arn:aws:iam::123456789012:role/" + "r".repeat(512),
                "arn:aws:iam::123456789012:role/" + "r".repeat(513), "rambla-cloudformation", "arn:aws:iam::123456789012:user/ci",
                "arn:aws:iam::123456789012:role/*", "arn:aws:iam::12345:role/x", "arn:aws:iam::123456789012:role/x y",
                "arn:aws:iam::123456789012:role/x\nRAMBLA_GIT_URL=file:///etc", "arn:aws:iam::123456789012:role/${AWS::AccountId}")) {
            boolean daemonAccepts = ReconcilerFactory.serviceRole(value).isEmpty();
            assertThat(value.matches(pattern)).as("template and daemon agree on `%s`", value).isEqualTo(daemonAccepts);
        }
    }

    @Test
    void a_given_role_reaches_the_daemon_as_its_setting_and_none_leaves_the_setting_unset() throws IOException {
        JsonNode template = Deploy.json("rambla.template.json");
        assertThat(template.path("Conditions").path("HasCloudFormationRole").toString())
                .isEqualTo("{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"CloudFormationRoleArn\"},\"\"]}]}");
        JsonNode environment = template.path("Resources").path("TaskDefinition").path("Properties").path("ContainerDefinitions").get(0)
                .path("Environment");
        JsonNode given = null;
        for (JsonNode variable : environment) {
            JsonNode branches = variable.path("Fn::If");
            if (branches.path(1).path("Name").asText().equals(VARIABLE)) {
                assertThat(branches.get(0).asText()).isEqualTo("HasCloudFormationRole");
                assertThat(branches.get(2).path("Ref").asText()).isEqualTo("AWS::NoValue");
                given = branches.get(1);
            }
        }
        assertThat(given).as(VARIABLE + " in the container's environment").isNotNull();
        assertThat(given.path("Value").path("Ref").asText()).isEqualTo("CloudFormationRoleArn");

        // The variable's name is the setting the daemon reads, by Micronaut's own environment-variable convention.
        String role = "arn:aws:iam::123456789012:role/rambla-cloudformation";
        try (Environment env = new DefaultEnvironment(() -> List.of())) {
            env.addPropertySource(PropertySource.of("task-definition", Map.of(given.path("Name").asText(), role),
                    PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE));
            env.start();
            assertThat(env.getProperty("rambla.aws.cloudformation-role-arn", String.class)).contains(role);
        }
    }

    @Test
    void the_task_role_may_pass_exactly_the_given_role_and_only_to_cloudformation() throws IOException {
        JsonNode policies = Deploy.json("rambla.template.json").path("Resources").path("TaskRole").path("Properties").path("Policies");
        JsonNode branches = policies.get(1).path("Fn::If");
        assertThat(branches.get(0).asText()).isEqualTo("HasCloudFormationRole");
        assertThat(branches.get(2).path("Ref").asText()).isEqualTo("AWS::NoValue");
        JsonNode statements = branches.get(1).path("PolicyDocument").path("Statement");
        assertThat(statements).hasSize(1);
        JsonNode pass = statements.get(0);
        assertThat(pass.path("Effect").asText()).isEqualTo("Allow");
        assertThat(pass.path("Action").asText()).isEqualTo("iam:PassRole");
        assertThat(pass.path("Resource").path("Ref").asText()).isEqualTo("CloudFormationRoleArn");
        assertThat(pass.path("Condition").toString()).isEqualTo("{\"StringEquals\":{\"iam:PassedToService\":\"cloudformation.amazonaws.com\"}}");
    }
}
