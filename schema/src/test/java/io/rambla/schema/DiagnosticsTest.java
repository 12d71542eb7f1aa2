package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnosticsTest {

    @TempDir
    Path root;

    private TestRepo repo() {
        return new TestRepo(root).district("main", TestRepo.PRODUCTION_DISTRICT);
    }

    @Test
    void an_unknown_key_is_an_error_at_its_position_that_suggests_the_nearest_key() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: web
                        memroy: 1024
                """).load();

        assertThat(result.diagnostics()).containsExactly(Diagnostic.error("apps/shop/barcelona.yml", 6, 9,
                "environments.production.services[0].memroy", "unknown key `memroy` in service — did you mean `memory`?"));
        assertThat(result.diagnostics().get(0)).hasToString(
                "apps/shop/barcelona.yml:6:9: error: unknown key `memroy` in service — did you mean `memory`?");
    }

    @Test
    void a_value_of_the_wrong_type_is_an_error_that_names_the_expected_type() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: web
                        cpu: lots
                        force_ssl: 1
                        listeners: public
                """).load();

        assertThat(result.diagnostics()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:6:14: error: `cpu` must be an integer, found the string \"lots\"",
                "apps/shop/barcelona.yml:7:20: error: `force_ssl` must be true or false, found the integer 1",
                "apps/shop/barcelona.yml:8:20: error: `listeners` must be a list, found the string \"public\"");
    }

    @Test
    void district_tags_may_not_use_reserved_keys_or_exceed_what_aws_accepts() {
        LoadResult result = repo().district("other", """
                tags:
                  team: platform
                  aws:createdBy: me
                  rambla:unit: mine
                  cost-center: "%s"
                """.formatted("x".repeat(257))).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "districts/other.yml:3:3: error: tag `aws:createdBy`: keys starting with `aws:` are reserved (by AWS or by Rambla's own tags)",
                "districts/other.yml:4:3: error: tag `rambla:unit`: keys starting with `rambla:` are reserved (by AWS or by Rambla's own tags)",
                "districts/other.yml:5:16: error: tag `cost-center` is 257 characters long; AWS allows at most 256");
    }

    @Test
    void more_district_tags_than_fit_on_a_stack_are_an_error() {
        StringBuilder tags = new StringBuilder("tags:\n");
        for (int i = 0; i < 45; i++) {
            tags.append("  t").append(i).append(": v\n");
        }

        LoadResult result = repo().district("other", tags.toString()).load();

        assertThat(result.errors()).extracting(Diagnostic::message)
                .containsExactly("45 tags; at most 44 fit on a stack beside the 6 Rambla sets (CloudFormation allows 50)");
    }

    @Test
    void numbers_out_of_range_are_errors_with_the_range() {
        LoadResult result = repo().district("other", "cluster_size: -1\n").load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "districts/other.yml:1:15: error: `cluster_size` must be between 0 and 100, found -1");
    }

    @Test
    void every_problem_in_every_file_is_reported_in_one_pass_sorted_by_file_and_position() {
        LoadResult result = repo()
                .district("broken", """
                        region: tokyo
                        cidr_block: 10.0.0.0/8
                        nat_type: nat_gateway
                        """)
                .app("shop", """
                        environments:
                          production:
                            district: main
                            services:
                              - name: web
                                service_type: webb
                                listeners:
                                  - endpoint: pubic
                                    health_check_interval: 5
                                    health_check_timeout: 5
                            environment:
                              - name: A
                                value: x
                                ssm_path: /a
                            scheduled_tasks:
                              - schedule: every day
                                command: rake daily
                        """)
                .load();

        assertThat(result.diagnostics()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:3:5: error: missing required key `image_name` in environment",
                "apps/shop/barcelona.yml:6:23: error: `service_type` must be one of default, web, found \"webb\" — did you mean `web`?",
                "apps/shop/barcelona.yml:8:11: error: only web services take traffic from listeners; add `service_type: web`",
                "apps/shop/barcelona.yml:8:23: error: endpoint `pubic` is not declared in district `main` (districts/main.yml);"
                        + " endpoints: public, internal — did you mean `public`?",
                "apps/shop/barcelona.yml:10:35: error: `health_check_timeout` (5) must be less than `health_check_interval` (5)",
                "apps/shop/barcelona.yml:12:9: error: environment variable `A` needs exactly one of `value`, `value_from`, `ssm_path`, found 2",
                "apps/shop/barcelona.yml:16:19: error: `schedule` must be cron(…) or rate(…), as EventBridge expects, found \"every day\"",
                "districts/broken.yml:1:9: error: `region` must be an AWS region such as ap-northeast-1, found \"tokyo\"",
                "districts/broken.yml:2:13: error: `cidr_block` must be a /16 (the district is split into four /20 subnets), found /8"
                        + " — did you mean 10.0.0.0/16?",
                "districts/broken.yml:3:11: error: `nat_type` must be one of instance, managed_gateway, managed_gateway_multi_az, none,"
                        + " found \"nat_gateway\"");
    }

    @Test
    void each_diagnostic_carries_the_yaml_path_of_the_value() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: web
                        service_type: web
                        listeners:
                          - endpoint: public
                            rule_priority: 0
                """).load();

        assertThat(result.errors()).extracting(Diagnostic::path)
                .containsExactly("environments.production.services[0].listeners[0].rule_priority");
    }

    @Test
    void barcelona_keys_rambla_does_not_act_on_are_warnings_naming_the_key() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    slack_url: https://hooks.slack.com/services/T/B/x
                    services:
                      - name: web
                        service_type: web
                        public: true
                        hosts:
                          - hostname: shop.example.com
                        port_mappings:
                          - lb_port: 80
                            container_port: 3000
                bcnd:
                  mainline_branch: main
                """).load();

        assertThat(result.hasErrors()).isFalse();
        assertThat(result.diagnostics()).extracting(d -> d.toString().replaceFirst(";.*", "")).containsExactly(
                "apps/shop/barcelona.yml:4:5: warning: Barcelona key `slack_url` is accepted but not acted on by Rambla",
                "apps/shop/barcelona.yml:8:9: warning: Barcelona key `public` is accepted but not acted on by Rambla",
                "apps/shop/barcelona.yml:9:9: warning: Barcelona key `hosts` is accepted but not acted on by Rambla",
                "apps/shop/barcelona.yml:11:9: warning: Barcelona key `port_mappings` is accepted but not acted on by Rambla",
                "apps/shop/barcelona.yml:14:1: warning: Barcelona key `bcnd` is accepted but not acted on by Rambla");
        assertThat(result.repository().applications()).hasSize(1);
    }

    @Test
    void top_level_blocks_that_only_hold_anchors_are_skipped_but_other_unknown_top_level_keys_are_errors() {
        LoadResult result = repo().app("shop", """
                base: &base
                  cpu: 256
                x-notes: anything goes here
                enviroments:
                  production:
                    image_name: shop
                """).load();

        assertThat(result.diagnostics()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:1:1: error: missing required key `environments` in barcelona.yml",
                "apps/shop/barcelona.yml:4:1: error: unknown key `enviroments` in barcelona.yml — did you mean `environments`?");
    }

    @Test
    void a_listener_endpoint_must_exist_in_the_environments_district() {
        LoadResult result = repo()
                .district("other", "endpoints:\n  - name: edge\n")
                .file("rambla.yml", "default_district: main\n")
                .app("shop", """
                        environments:
                          production:
                            district: other
                            image_name: shop
                            services:
                              - name: web
                                service_type: web
                                listeners:
                                  - endpoint: public
                        """)
                .load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:9:23: error: endpoint `public` is not declared in district `other` (districts/other.yml);"
                        + " endpoints: edge");
    }

    @Test
    void two_listeners_on_one_endpoint_with_the_same_rule_priority_are_an_error_even_across_apps() {
        String app = """
                environments:
                  production:
                    image_name: %s
                    services:
                      - name: web
                        service_type: web
                        listeners:
                          - endpoint: public
                """;
        LoadResult result = repo().app("blog", app.formatted("blog")).app("shop", app.formatted("shop")).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:8:13: error: rule_priority 100 on endpoint `public` is already taken by"
                        + " apps/blog/barcelona.yml:8 (environments.production.services[0].listeners[0]);"
                        + " give each listener on an endpoint its own (the default is 100)");
    }

    @Test
    void environment_variables_need_exactly_one_source_and_a_valid_unique_name() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    environment:
                      1BAD: x
                      GOOD:
                        value_from: "not a parameter: name"
                      EMPTY: {}
                """).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:5:7: error: environment variable name `1BAD` must be letters, digits and underscores,"
                        + " not starting with a digit",
                "apps/shop/barcelona.yml:7:21: error: `value_from` must be an SSM parameter name (such as /shop/database-url) or the ARN"
                        + " of an SSM parameter or a Secrets Manager secret",
                "apps/shop/barcelona.yml:8:14: error: environment variable `EMPTY` needs exactly one of `value`, `value_from`,"
                        + " `ssm_path`, found none");
    }

    @Test
    void a_command_with_shell_syntax_is_loaded_with_a_warning() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    scheduled_tasks:
                      - schedule: rate(1 day)
                        command: rake a && rake b
                """).load();

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Diagnostic.Severity.WARNING);
            assertThat(d.line()).isEqualTo(6);
            assertThat(d.message()).contains("runs without a shell", "[sh, -c, \"rake a && rake b\"]");
        });
    }

    @Test
    void broken_yaml_syntax_is_reported_where_the_parser_stopped() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: [shop
                """).load();

        assertThat(result.errors()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo("apps/shop/barcelona.yml");
            assertThat(d.line()).isEqualTo(4);
            assertThat(d.message()).startsWith("invalid YAML:");
        });
    }

    @Test
    void a_file_with_errors_is_left_out_while_healthy_files_still_load() {
        LoadResult result = repo()
                .app("good", "environments:\n  production:\n    image_name: good\n")
                .app("bad", "environments:\n  production:\n    image_name: bad\n    oops: 1\n")
                .load();

        assertThat(result.hasErrors()).isTrue();
        assertThat(result.repository().applications()).extracting(Application::name).containsExactly("good");
    }

    @Test
    void listing_a_district_whose_file_has_errors_leaves_its_apps_out_without_more_errors() {
        LoadResult result = new TestRepo(root)
                .district("main", "region: nowhere\n")
                .app("shop", "environments:\n  production:\n    image_name: shop\n")
                .load();

        assertThat(result.errors()).extracting(Diagnostic::file).containsExactly("districts/main.yml");
        assertThat(result.repository().districts()).isEmpty();
        assertThat(result.repository().applications()).singleElement()
                .satisfies(app -> assertThat(app.environments()).isEmpty());
    }

    @Test
    void a_quoted_integer_is_read_as_barcelonas_rails_params_were() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: worker
                        memory: "1024"
                """).load();

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.repository().applications().get(0).environments().get(0).services().get(0).memory()).isEqualTo(1024);
    }

    @Test
    void an_environment_variable_with_an_empty_value_is_an_error_not_a_silent_drop() {
        LoadResult result = repo().app("shop", """
                environments:
                  production:
                    image_name: shop
                    environment:
                      - name: EMPTY
                        value:
                      - name: BLANK
                        value: ""
                """).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:5:9: error: environment variable `EMPTY` needs exactly one of `value`, `value_from`,"
                        + " `ssm_path`, found none");
    }
}
