package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealisticRepositoryTest {

    private final LoadResult result = RepositoryLoader.load(TestRepo.resource("repos/realistic"));
    private final InfraRepository repo = result.repository();

    @Test
    void a_realistic_repository_with_anchors_and_merge_keys_loads_without_diagnostics() {
        assertThat(result.diagnostics()).isEmpty();
        assertThat(repo.districts()).extracting(District::name).containsExactly("production", "staging");
        assertThat(repo.applications()).extracting(Application::name).containsExactly("blog", "shop");
    }

    @Test
    void rambla_yml_settings_are_read() {
        assertThat(repo.settings()).isEqualTo(new Settings("acme", false, "production"));
    }

    @Test
    void district_values_written_in_the_file_are_kept() {
        District production = repo.districts().get(0);
        assertThat(production.file()).isEqualTo("districts/production.yml");
        assertThat(production.region()).isEqualTo("ap-northeast-1");
        assertThat(production.cidrBlock()).isEqualTo("10.10.0.0/16");
        assertThat(production.natType()).isEqualTo(District.NatType.MANAGED_GATEWAY_MULTI_AZ);
        assertThat(production.clusterInstanceType()).isEqualTo("m6i.large");
        assertThat(production.clusterSize()).isEqualTo(3);
        assertThat(production.fargate()).isFalse();
        assertThat(production.notifications().slackWebhookUrlSecret()).isEqualTo("/barcelona/production/slack-webhook-url");
        assertThat(production.tags()).isEqualTo(Map.of("team", "platform", "cost-center", "4200"));
        assertThat(production.endpoints()).containsExactly(
                new Endpoint("public", true,
                        "arn:aws:acm:ap-northeast-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
                        Endpoint.SslPolicy.MODERN),
                new Endpoint("internal", false, null, Endpoint.SslPolicy.INTERMEDIATE));
    }

    @Test
    void merge_keys_bring_shared_values_and_explicit_keys_override_them() {
        AppEnvironment production = shop().environments().get(0);
        assertThat(production.imageName()).isEqualTo("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop");
        assertThat(production.beforeDeploy()).isEqualTo("bundle exec rake db:migrate");
        Service web = production.services().get(0);
        Service streaming = production.services().get(1);
        Service worker = production.services().get(2);
        assertThat(web.serviceType()).isEqualTo(Service.ServiceType.WEB);
        assertThat(web.forceSsl()).isTrue();
        assertThat(web.memory()).isEqualTo(1024);
        assertThat(streaming.memory()).as("explicit memory wins over the merged one").isEqualTo(512);
        assertThat(worker.serviceType()).isEqualTo(Service.ServiceType.DEFAULT);
        assertThat(worker.cpu()).isEqualTo(256);
    }

    @Test
    void services_listeners_and_auto_scaling_are_read() {
        Service web = shop().environments().get(0).services().get(0);
        assertThat(web.command()).isEqualTo(new Command.Shell("bundle exec puma -C config/puma.rb"));
        assertThat(web.command().containerCommand()).containsExactly("sh", "-c", "exec bundle exec puma -C config/puma.rb");
        assertThat(web.desiredCount()).isEqualTo(2);
        assertThat(web.autoScaling()).isEqualTo(new Service.AutoScaling(2, 8, 60));
        Listener streaming = shop().environments().get(0).services().get(1).listeners().get(0);
        assertThat(streaming).isEqualTo(new Listener("public", "/cable/health", 30, 10, 3, 5, 10,
                List.of(new Listener.RuleCondition("path-pattern", "/cable/*"))));
    }

    @Test
    void list_form_environment_variables_keep_their_source() {
        assertThat(shop().environments().get(0).environmentVariables()).containsExactly(
                new EnvironmentVariable("RAILS_ENV", "production", null, null),
                new EnvironmentVariable("RAILS_LOG_TO_STDOUT", "true", null, null),
                new EnvironmentVariable("DATABASE_URL", null,
                        "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:shop/production/database-url-AbCdEf", null),
                new EnvironmentVariable("SECRET_KEY_BASE", null, null, "/shop/production/secret_key_base"));
    }

    @Test
    void map_form_environment_variables_accept_plain_values_and_secrets() {
        AppEnvironment staging = shop().environments().get(1);
        assertThat(staging.environmentVariables()).containsExactly(
                new EnvironmentVariable("RAILS_ENV", "staging", null, null),
                new EnvironmentVariable("RAILS_LOG_TO_STDOUT", "true", null, null),
                new EnvironmentVariable("DATABASE_URL", null,
                        "arn:aws:ssm:ap-northeast-1:123456789012:parameter/shop/staging/database-url", null));
    }

    @Test
    void scheduled_task_commands_are_split_into_words_or_taken_as_lists() {
        assertThat(shop().environments().get(0).scheduledTasks()).containsExactly(
                new ScheduledTask("cron(15 20 * * ? *)", List.of("bundle", "exec", "rake", "shop:daily_report")),
                new ScheduledTask("rate(1 hour)", List.of("bundle", "exec", "rake", "shop:sweep[carts]")));
    }

    @Test
    void environments_name_their_district_or_take_the_default_one() {
        assertThat(shop().environments()).extracting(AppEnvironment::environment, AppEnvironment::district)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("production", "production"),
                        org.assertj.core.groups.Tuple.tuple("staging", "staging"));
    }

    private Application shop() {
        return repo.applications().get(1);
    }
}
