package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Barcelona's own forms of barcelona.yml, read as Barcelona read them. */
class BarcelonaFormsTest {

    private static final String CERTIFICATE = "arn:aws:acm:ap-northeast-1:123456789012:certificate/0c8e1f4a-6d2b-4f1e-9a7c-3b5d2e8f9a10";

    @TempDir
    Path root;

    private TestRepo repo() {
        return new TestRepo(root).district("main", """
                region: ap-northeast-1
                endpoints:
                  - name: public
                    certificate_arn: %s
                  - name: internal
                    public: false
                """.formatted(CERTIFICATE));
    }

    private TestRepo fargate() {
        return new TestRepo(root).district("main", """
                region: ap-northeast-1
                cluster_backend: fargate
                endpoints:
                  - name: public
                """);
    }

    private static AppEnvironment only(LoadResult result) {
        assertThat(result.errors()).isEmpty();
        return result.repository().applications().get(0).environments().get(0);
    }

    @Test
    void env_vars_join_environment_which_wins_for_a_name_set_in_both_as_in_barcelona() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    environment:
                      - name: RAILS_ENV
                        value: production
                    env_vars:
                      RAILS_ENV: staging
                      LEGACY: 1.10
                """).load();

        assertThat(only(result).environmentVariables()).containsExactly(
                new EnvironmentVariable("RAILS_ENV", "production", null, null),
                new EnvironmentVariable("LEGACY", "1.10", null, null));
        assertThat(result.diagnostics()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:8:7: warning: `RAILS_ENV` is set in both `env_vars` and `environment`;"
                        + " the value in `environment` is used, as in Barcelona");
    }

    @Test
    void env_vars_take_plain_values_with_valid_names_only() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    env_vars:
                      1BAD: x
                      SECRET: {value_from: /shop/secret}
                      EMPTY:
                """).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:5:7: error: environment variable name `1BAD` must be letters, digits and underscores,"
                        + " not starting with a digit",
                "apps/shop/barcelona.yml:6:15: error: `env_vars` values are plain values; found a mapping (put secrets in"
                        + " `environment` with `value_from` or `ssm_path`)",
                "apps/shop/barcelona.yml:7:13: error: `env_vars` values are plain values; found nothing (put secrets in"
                        + " `environment` with `value_from` or `ssm_path`)");
    }

    @Test
    void run_env_is_kept_for_one_off_tasks() {
        AppEnvironment env = only(repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    run_env:
                      vars:
                        RAILS_ENV: production
                        WEB_CONCURRENCY: 2
                """).load());

        assertThat(env.runEnv()).containsExactly(Map.entry("RAILS_ENV", "production"), Map.entry("WEB_CONCURRENCY", "2"));
    }

    @Test
    void an_empty_environment_is_skipped_with_a_warning_and_the_others_load() {
        LoadResult result = repo().app("shop", """
                environments:
                  staging:
                  production:
                    image_name: shop
                """).load();

        assertThat(only(result).environment()).isEqualTo("production");
        assertThat(result.diagnostics()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:2:3: warning: environment `staging` is empty and is skipped");
    }

    @Test
    void a_string_command_runs_through_a_shell_and_a_list_is_exec_form() {
        AppEnvironment env = only(repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: web
                        service_type: web
                        command: rails s -p $PORT -b 0.0.0.0
                      - name: worker
                        command: [bundle, exec, sidekiq, -q, "default mailers"]
                """).load());

        assertThat(env.services().get(0).command().containerCommand())
                .containsExactly("sh", "-c", "exec rails s -p $PORT -b 0.0.0.0");
        assertThat(env.services().get(1).command().containerCommand())
                .containsExactly("bundle", "exec", "sidekiq", "-q", "default mailers");
    }

    @Test
    void service_commands_that_are_empty_or_not_words_are_errors_at_their_position() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: a
                        command: "  "
                      - name: b
                        command: []
                      - name: c
                        command: [ok, {no: 1}]
                      - name: d
                        command: {run: x}
                """).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:6:18: error: `command` is empty",
                "apps/shop/barcelona.yml:8:18: error: `command` is empty",
                "apps/shop/barcelona.yml:10:23: error: each word of `command` must be a string, found a mapping",
                "apps/shop/barcelona.yml:12:18: error: `command` must be a string or a list of strings, found a mapping");
    }

    @Test
    void one_off_tasks_default_to_barcelonas_one_off_size_and_take_their_own() {
        AppEnvironment env = only(repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    before_deploy:
                      command: rake db:migrate
                      memory: 2048
                    scheduled_tasks:
                      - schedule: rate(1 day)
                        command: rake sweep
                      - schedule: rate(1 hour)
                        command: rake report
                        cpu: 512
                        memory: 1536
                """).load());

        assertThat(env.beforeDeploy()).isEqualTo("rake db:migrate");
        assertThat(List.of(env.beforeDeployCpu(), env.beforeDeployMemory())).containsExactly(128, 2048);
        assertThat(env.scheduledTasks()).containsExactly(
                new ScheduledTask("rate(1 day)", List.of("rake", "sweep"), 128, 512),
                new ScheduledTask("rate(1 hour)", List.of("rake", "report"), 512, 1536));
    }

    @Test
    void a_before_deploy_that_cannot_be_split_into_words_is_an_error_as_shellwords_refused_it() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    before_deploy: rake "db:migrate
                """).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).singleElement().asString()
                .startsWith("apps/shop/barcelona.yml:4:20: error: `before_deploy` cannot be split into words: ");
    }

    @Test
    void value_from_takes_ssm_parameter_names_and_arns_and_refuses_anything_else() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    environment:
                      - {name: A, value_from: /shop/database-url}
                      - {name: B, value_from: shop.token}
                      - {name: C, value_from: "arn:aws:ssm:ap-northeast-1:123456789012:parameter/shop/c"}
                      - {name: D, value_from: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:shop/d-AbCdEf"}
                      - {name: E, value_from: "../../etc/passwd"}
                      - {name: F, value_from: "/shop/$(id)"}
                      - {name: G, value_from: "arn:aws:s3:::bucket/key"}
                """).load();

        assertThat(result.errors()).extracting(d -> d.line() + ":" + d.path()).containsExactly(
                "9:environments.production.environment[4].value_from",
                "10:environments.production.environment[5].value_from",
                "11:environments.production.environment[6].value_from");
    }

    @Test
    void two_listeners_of_one_service_on_one_endpoint_are_an_error_at_the_second() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: web
                        service_type: web
                        listeners:
                          - endpoint: public
                          - endpoint: public
                            rule_priority: 20
                """).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:9:23: error: the service has two listeners on endpoint `public` (first on line 8);"
                        + " use one listener with several rule_conditions");
    }

    @Test
    void force_ssl_without_a_certificate_or_without_listeners_is_reported() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: web
                        service_type: web
                        force_ssl: true
                        listeners:
                          - endpoint: public
                      - name: admin
                        service_type: web
                        force_ssl: true
                        listeners:
                          - endpoint: internal
                      - name: worker
                        force_ssl: true
                """).load();

        assertThat(result.diagnostics()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:12:20: warning: `force_ssl` has no effect on endpoint `internal`: it has no"
                        + " `certificate_arn`, so it serves HTTP only; add a certificate to redirect HTTP to HTTPS",
                "apps/shop/barcelona.yml:16:20: warning: `force_ssl` has no effect: the service has no listeners, so no HTTP"
                        + " traffic reaches it");
    }

    @Test
    void fargate_sizes_must_be_a_fargate_pair_and_the_error_says_which_fit() {
        LoadResult result = fargate().app("shop", """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: web
                        cpu: 512
                        memory: 512
                      - name: small
                      - name: odd
                        memory: 1536
                      - name: spot
                        cpu: 1024
                        memory: 2048
                        fargate_spot: true
                    scheduled_tasks:
                      - schedule: rate(1 day)
                        command: rake sweep
                        cpu: 300
                """).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:6:14: error: service `web`: Fargate does not run 512 CPU units with 512 MiB; with 512 it takes"
                        + " 1024–4096 in steps of 1024 MiB, and 512 MiB goes with cpu 256",
                "apps/shop/barcelona.yml:10:17: error: service `odd`: no Fargate task size has 1536 MiB; Fargate takes"
                        + " 256 → 512, 1024–2048 in steps of 1024, 512 → 1024–4096 in steps of 1024 MiB (CPU units → MiB),"
                        + " and more for more CPU",
                "apps/shop/barcelona.yml:18:14: error: scheduled task: Fargate has no task size with 300 CPU units; it takes"
                        + " 256, 512, 1024, 2048, 4096, 8192, 16384");
    }

    @Test
    void fargate_spot_needs_a_fargate_district() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: worker
                        fargate_spot: true
                """).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:6:23: error: `fargate_spot` needs a district with `cluster_backend: fargate`;"
                        + " district `main` runs on EC2");
    }

    @Test
    void on_ec2_small_container_sizes_of_real_files_are_accepted_as_barcelona_accepted_them() {
        AppEnvironment env = only(repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: worker
                        cpu: 32
                        memory: 256
                """).load());

        assertThat(env.services().get(0).cpu()).isEqualTo(32);
    }
}
