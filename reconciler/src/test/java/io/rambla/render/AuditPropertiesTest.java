package io.rambla.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What auditors look at: log retention and encryption of every log group, load balancers protected from deletion. */
class AuditPropertiesTest {

    private static List<JsonNode> logGroups(io.rambla.schema.InfraRepository repository) {
        List<JsonNode> groups = new ArrayList<>();
        for (RenderedUnit unit : Rendered.units(repository)) {
            groups.addAll(Rendered.resourcesOfType(Rendered.tree(unit.stack()), "AWS::Logs::LogGroup"));
        }
        return groups;
    }

    @Test
    void every_log_group_keeps_a_year_of_events_by_default_with_cloudwatchs_own_encryption() {
        List<JsonNode> groups = logGroups(RenderCases.appRepository());
        assertThat(groups).hasSizeGreaterThanOrEqualTo(4);
        for (JsonNode group : groups) {
            assertThat(group.at("/Properties/RetentionInDays").asInt()).isEqualTo(365);
            assertThat(group.at("/Properties").has("KmsKeyId")).isFalse();
            assertThat(group.at("/DeletionPolicy").asText()).isEqualTo("Retain");
        }
    }

    @Test
    void a_districts_retention_and_key_reach_its_flow_logs_and_every_app_log_group() {
        List<JsonNode> groups = logGroups(RenderCases.auditSettingsRepository());
        assertThat(groups).hasSizeGreaterThanOrEqualTo(3);
        for (JsonNode group : groups) {
            assertThat(group.at("/Properties/RetentionInDays").asInt()).isEqualTo(3653);
            assertThat(group.at("/Properties/KmsKeyId").asText()).isEqualTo(RenderCases.LOG_KEY);
        }
    }

    @Test
    void load_balancers_are_protected_from_deletion_unless_the_endpoint_turns_it_off() {
        JsonNode protectedOne = Rendered.template(RenderCases.appRepository(), "endpoint/main/public");
        JsonNode unprotected = Rendered.template(RenderCases.auditSettingsRepository(), "endpoint/audited/public");
        assertThat(attribute(protectedOne, "deletion_protection.enabled")).isEqualTo("true");
        assertThat(attribute(unprotected, "deletion_protection.enabled")).isEqualTo("false");
    }

    private static String attribute(JsonNode template, String key) {
        for (JsonNode attribute : template.at("/Resources/LoadBalancer/Properties/LoadBalancerAttributes")) {
            if (attribute.get("Key").asText().equals(key)) {
                return attribute.get("Value").asText();
            }
        }
        throw new AssertionError("no load balancer attribute " + key);
    }
}
