package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BarcelonaCompatibilityTest {

    private final LoadResult result = RepositoryLoader.load(TestRepo.resource("repos/barcelona-classic"));

    @Test
    void a_barcelona_era_repository_loads_unchanged_with_warnings_only() {
        assertThat(result.hasErrors()).isFalse();
        assertThat(result.repository().applications()).singleElement()
                .satisfies(app -> assertThat(app.environments()).singleElement()
                        .satisfies(env -> assertThat(env.services()).extracting(Service::name).containsExactly("web", "api", "worker")));
    }

    @Test
    void every_key_rambla_does_not_act_on_is_named_with_its_file_and_line() {
        assertThat(result.diagnostics()).extracting(d -> d.toString().replaceFirst(";.*", "")).containsExactly(
                "apps/storefront/barcelona.yml:11:11: warning: `name` (Barcelona's heritage name \"storefront\") is not used by Rambla: this environment's stack, services, task families and log groups are named after the application folder and the environment (storefront/production)",
                "apps/storefront/barcelona.yml:14:5: warning: Barcelona key `slack_url` is accepted but not acted on by Rambla",
                "apps/storefront/barcelona.yml:19:9: warning: Barcelona key `public` is accepted but not acted on by Rambla",
                "apps/storefront/barcelona.yml:20:9: warning: Barcelona key `hosts` is accepted but not acted on by Rambla",
                "apps/storefront/barcelona.yml:44:1: warning: Barcelona key `bcnd` is accepted but not acted on by Rambla",
                "districts/default.yml:5:1: warning: Barcelona key `aws_role` is accepted but not acted on by Rambla");
    }

    @Test
    void barcelona_values_keep_their_meaning() {
        District district = result.repository().districts().get(0);
        assertThat(district.clusterBackend()).isEqualTo("ec2");
        assertThat(district.clusterSize()).isEqualTo(2);
        AppEnvironment production = result.repository().applications().get(0).environments().get(0);
        assertThat(production.name()).isEqualTo("storefront");
        assertThat(production.imageTag()).isEqualTo("latest");
        Service api = production.services().get(1);
        assertThat(api.memory()).isEqualTo(512);
        assertThat(api.cpu()).isEqualTo(128);
        assertThat(api.listeners().get(0).ruleConditions()).containsExactly(new Listener.RuleCondition("path-pattern", "/api/*"));
        assertThat(production.scheduledTasks()).containsExactly(new ScheduledTask("rate(1 day)", List.of("rake", "cleanup")));
    }
}
