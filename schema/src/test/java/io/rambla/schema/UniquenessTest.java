package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UniquenessTest {

    private static final String DISTRICT = """
            region: ap-northeast-1
            endpoints:
              - name: public
              - name: internal-api
              - name: internalApi
              - name: b-c
              - name: c
            """;

    @TempDir
    Path root;

    private static String app(String services) {
        return "environments:\n  production:\n    image_name: shop\n    services:\n" + services.indent(6);
    }

    @Test
    void two_apps_whose_environments_join_to_the_same_stack_name_are_both_refused_naming_each_other() {
        LoadResult result = new TestRepo(root)
                .district("main", DISTRICT)
                .file("apps/shop/barcelona.yml", "environments:\n  prod-eu:\n    image_name: shop\n")
                .file("apps/shop-prod/barcelona.yml", "environments:\n  eu:\n    image_name: shop\n")
                .load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop-prod/barcelona.yml:2:3: error: app `shop-prod` environment `eu` would get stack `rambla-app-shop-prod-eu`, "
                        + "the stack of app `shop` environment `prod-eu` (apps/shop/barcelona.yml:2); every unit needs a stack of "
                        + "its own: rename one of them",
                "apps/shop/barcelona.yml:2:3: error: app `shop` environment `prod-eu` would get stack `rambla-app-shop-prod-eu`, "
                        + "the stack of app `shop-prod` environment `eu` (apps/shop-prod/barcelona.yml:2); every unit needs a stack "
                        + "of its own: rename one of them");
        assertThat(result.repository().applications()).isEmpty();
    }

    @Test
    void endpoints_of_two_districts_that_join_to_the_same_stack_name_are_refused() {
        LoadResult result = new TestRepo(root)
                .district("x-main", "endpoints:\n  - name: x\n")
                .district("x", "endpoints:\n  - name: main-x\n")
                .load();

        assertThat(result.errors()).extracting(d -> d.file() + ":" + d.line()).containsExactly("districts/x-main.yml:2", "districts/x.yml:2");
        assertThat(result.errors()).allSatisfy(d -> assertThat(d.message()).contains("stack `rambla-endpoint-x-main-x`"));
        assertThat(result.repository().districts()).isEmpty();
    }

    @Test
    void services_whose_logical_ids_differ_only_in_case_or_punctuation_are_refused_at_both_places() {
        LoadResult result = new TestRepo(root).district("main", DISTRICT)
                .app("shop", app("- name: web-a\n- name: webA\n")).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:5:15: error: service `web-a` and service `webA` (apps/shop/barcelona.yml:6) would both "
                        + "become CloudFormation logical id `WebALogGroup` (ids are compared ignoring case and punctuation); rename one",
                "apps/shop/barcelona.yml:6:15: error: service `webA` and service `web-a` (apps/shop/barcelona.yml:5) would both "
                        + "become CloudFormation logical id `WebALogGroup` (ids are compared ignoring case and punctuation); rename one");
    }

    @Test
    void a_service_named_one_off_is_reserved() {
        LoadResult result = new TestRepo(root).district("main", DISTRICT).app("shop", app("- name: one-off\n")).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:5:15: error: service name `one-off` is reserved: Rambla names its own one-off task "
                        + "container and family so; rename the service");
    }

    @Test
    void a_service_whose_ids_would_be_rambla_own_is_refused() {
        LoadResult result = new TestRepo(root).district("main", DISTRICT).app("shop", app("- name: oneOff\n")).load();

        assertThat(result.errors()).singleElement().satisfies(d -> assertThat(d.message())
                .isEqualTo("service `oneOff` would take CloudFormation logical id `OneOffLogGroup`, which Rambla uses for its own "
                        + "resources; rename it"));
    }

    @Test
    void two_endpoints_with_the_same_logical_name_used_by_one_app_are_refused() {
        LoadResult result = new TestRepo(root).district("main", DISTRICT).app("shop", app("""
                - name: web
                  service_type: web
                  listeners:
                    - endpoint: internal-api
                      rule_priority: 1
                    - endpoint: internalApi
                      rule_priority: 2
                """)).load();

        assertThat(result.errors()).extracting(d -> d.line()).containsExactly(8, 10);
        assertThat(result.errors()).allSatisfy(d -> assertThat(d.message()).contains("`WebInternalApiTargetGroup`"));
    }

    @Test
    void service_and_endpoint_names_that_join_to_the_same_id_are_refused() {
        LoadResult result = new TestRepo(root).district("main", DISTRICT).app("shop", app("""
                - name: a
                  service_type: web
                  listeners:
                    - endpoint: b-c
                      rule_priority: 1
                - name: a-b
                  service_type: web
                  listeners:
                    - endpoint: c
                      rule_priority: 2
                """)).load();

        assertThat(result.errors()).extracting(d -> d.line()).containsExactly(8, 13);
        assertThat(result.errors()).allSatisfy(d -> assertThat(d.message()).contains("`ABCTargetGroup`"));
    }

    @Test
    void two_listeners_of_one_service_on_one_endpoint_are_refused_naming_both_lines() {
        LoadResult result = new TestRepo(root).district("main", DISTRICT).app("shop", app("""
                - name: web
                  service_type: web
                  listeners:
                    - endpoint: public
                      rule_priority: 1
                    - endpoint: public
                      rule_priority: 2
                """)).load();

        // The reader refuses the second listener (Barcelona's one-listener rule), naming the first's line.
        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:10:23: error: the service has two listeners on endpoint `public` (first on line 8); "
                        + "use one listener with several rule_conditions");
    }

    @Test
    void names_longer_than_63_characters_and_stack_names_longer_than_128_are_refused() {
        String name = "s".repeat(64);
        LoadResult result = new TestRepo(root).district("main", DISTRICT).app("shop", app("- name: " + name + "\n")).load();

        assertThat(result.errors()).singleElement().satisfies(d -> assertThat(d.message())
                .isEqualTo("service name is 64 characters long; names are at most 63 so that every name Rambla derives from them "
                        + "fits AWS's limits"));

        LoadResult stacks = new TestRepo(root.resolve("long")).district("main", DISTRICT)
                .app("a".repeat(60), "environments:\n  " + "e".repeat(60) + ":\n    image_name: shop\n").load();
        assertThat(stacks.errors()).singleElement().satisfies(d -> assertThat(d.message())
                .contains("would be 132 characters long; CloudFormation allows 128"));
    }

    @Test
    void a_repository_without_collisions_keeps_every_unit() {
        LoadResult result = new TestRepo(root).district("main", DISTRICT).app("shop", app("""
                - name: web
                  service_type: web
                  listeners:
                    - endpoint: public
                - name: worker
                """)).load();

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.repository().applications()).hasSize(1);
    }

    @Test
    void an_image_name_longer_than_255_characters_is_refused() {
        LoadResult result = new TestRepo(root).district("main", DISTRICT)
                .app("shop", "environments:\n  production:\n    image_name: " + "i".repeat(256) + "\n").load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:2:3: error: `image_name` is 256 characters long; an image repository is at most 255");
    }
}
