package io.rambla.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import io.rambla.schema.Uniqueness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader refuses colliding names by predicting the names the renderer derives
 * ({@link Uniqueness}). This keeps the prediction honest: every stack name and every logical id
 * the renderer writes must be one the loader checked.
 */
class DerivedNamesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void every_stack_name_and_logical_id_the_renderer_writes_is_one_the_loader_checks() throws Exception {
        int checked = 0;
        for (LoadResult result : repositories()) {
            assertThat(result.errors()).isEmpty();
            String prefix = result.repository().settings().stackPrefix();
            for (RenderedUnit rendered : new Renderer(prefix).render(result.repository())) {
                Unit unit = rendered.unit();
                String predicted;
                if (unit instanceof Unit.DistrictUnit d) {
                    predicted = Uniqueness.stackName(prefix, "district", d.district().name());
                } else if (unit instanceof Unit.EndpointUnit e) {
                    predicted = Uniqueness.stackName(prefix, "endpoint", e.district().name(), e.endpoint().name());
                } else {
                    Unit.AppEnvironmentUnit a = (Unit.AppEnvironmentUnit) unit;
                    predicted = Uniqueness.stackName(prefix, "app", a.application().name(), a.environment().environment());
                }
                assertThat(rendered.stack().stackName()).isEqualTo(predicted);
                if (unit instanceof Unit.AppEnvironmentUnit a) {
                    assertThat(ids(rendered.stack().templateBody())).as(unit.id())
                            .isSubsetOf(Uniqueness.appTemplateIds(a.environment()));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    /** Names of roles, log groups, target groups and load balancers are CloudFormation's to generate, within AWS's limits. */
    @Test
    void no_template_names_a_role_log_group_target_group_or_load_balancer_itself() throws Exception {
        Map<String, String> namingProperty = Map.of(
                "AWS::IAM::Role", "RoleName", "AWS::IAM::InstanceProfile", "InstanceProfileName",
                "AWS::Logs::LogGroup", "LogGroupName", "AWS::ElasticLoadBalancingV2::TargetGroup", "Name",
                "AWS::ElasticLoadBalancingV2::LoadBalancer", "Name");
        int seen = 0;
        for (LoadResult result : repositories()) {
            for (RenderedUnit rendered : new Renderer(result.repository().settings().stackPrefix()).render(result.repository())) {
                JsonNode resources = JSON.readTree(rendered.stack().templateBody()).path("Resources");
                for (JsonNode resource : resources) {
                    String property = namingProperty.get(resource.path("Type").asText());
                    if (property != null) {
                        seen++;
                        assertThat(resource.path("Properties").has(property)).as(rendered.unit().id() + " " + resource).isFalse();
                    }
                }
            }
        }
        assertThat(seen).isGreaterThan(5);
    }

    /** Whatever a user wrote reaches Fn::Sub only as plain text: every ${…} names a pseudo parameter or the template's own id. */
    @Test
    void every_substitution_in_a_rendered_template_refers_to_a_pseudo_parameter_or_an_id_of_the_template() throws Exception {
        Pattern variable = Pattern.compile("\\$\\{([^}]*)}");
        int subs = 0;
        for (LoadResult result : repositories()) {
            for (RenderedUnit rendered : new Renderer(result.repository().settings().stackPrefix()).render(result.repository())) {
                JsonNode tree = JSON.readTree(rendered.stack().templateBody());
                Set<String> own = new HashSet<>(ids(rendered.stack().templateBody()));
                List<String> strings = new ArrayList<>();
                substitutions(tree, strings);
                for (String text : strings) {
                    subs++;
                    Matcher m = variable.matcher(text.replace("${!", "\u0000"));
                    while (m.find()) {
                        String name = m.group(1);
                        assertThat(name.startsWith("AWS::") || own.contains(name.split("\\.")[0]))
                                .as(rendered.unit().id() + ": ${" + name + "} in " + text).isTrue();
                    }
                }
            }
        }
        assertThat(subs).isGreaterThan(5);
    }

    private static void substitutions(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("Fn::Sub")) {
                    out.add(e.getValue().isArray() ? e.getValue().get(0).asText() : e.getValue().asText());
                } else {
                    substitutions(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> substitutions(child, out));
        }
    }

    private List<LoadResult> repositories() throws Exception {
        Files.createDirectories(root.resolve("districts"));
        Files.createDirectories(root.resolve("apps/shop"));
        Files.writeString(root.resolve("rambla.yml"), "stack_prefix: acme\n");
        Files.writeString(root.resolve("districts/main.yml"), """
                region: ap-northeast-1
                endpoints:
                  - name: public
                  - name: internal-api
                    public: false
                """);
        Files.writeString(root.resolve("apps/shop/barcelona.yml"), """
                environments:
                  production:
                    image_name: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop
                    before_deploy: rake db:migrate
                    services:
                      - name: web-front
                        service_type: web
                        auto_scaling: {min_count: 1, max_count: 3}
                        listeners:
                          - endpoint: public
                            rule_priority: 10
                          - endpoint: internal-api
                            rule_priority: 11
                      - name: worker
                        command: sh -c 'echo ${Evil}'
                    environment:
                      - {name: PLAIN, value: 'x-${AWS::AccountId}-${Evil}'}
                      - {name: SECRET, ssm_path: shop/key}
                    scheduled_tasks:
                      - {schedule: rate(1 hour), command: rake a}
                      - {schedule: rate(1 day), command: rake b}
                """);
        return List.of(RepositoryLoader.load(root), RepositoryLoader.load(Path.of("..", "example-infra-repo")));
    }

    private static List<String> ids(String templateBody) throws Exception {
        JsonNode tree = JSON.readTree(templateBody);
        List<String> ids = new ArrayList<>();
        for (String section : List.of("Parameters", "Resources", "Outputs")) {
            tree.path(section).fieldNames().forEachRemaining(ids::add);
        }
        return ids;
    }
}
