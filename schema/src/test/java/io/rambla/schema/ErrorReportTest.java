package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors a person can act on: all in one pass, YAML syntax in plain words, a position wherever one exists. */
class ErrorReportTest {

    @TempDir
    Path root;

    @Test
    void a_districts_own_errors_and_its_apps_cross_file_errors_come_in_one_pass() {
        LoadResult result = new TestRepo(root).district("main", """
                region: ap-northeast-1
                cluster_size: lots
                endpoints:
                  - name: public
                """).app("shop", """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: web
                        service_type: web
                        listeners:
                          - endpoint: pubic
                """).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:8:23: error: endpoint `pubic` is not declared in district `main` (districts/main.yml);"
                        + " endpoints: public — did you mean `public`?",
                "districts/main.yml:2:15: error: `cluster_size` must be an integer, found the string \"lots\"");
        assertThat(result.repository().applications()).allSatisfy(app -> assertThat(app.environments()).isEmpty());
    }

    @Test
    void a_yaml_syntax_error_says_what_was_expected_where_and_shows_the_line() {
        LoadResult result = new TestRepo(root).district("main", "region: ap-northeast-1\n").app("shop", """
                environments:
                  production:
                    image_name: shop
                   services:
                      - name: web
                """).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:4:4: error: invalid YAML: this line is indented differently from the block it"
                        + " belongs to; keys of one mapping and items of one list must start in the same column;"
                        + " line 4 reads `services:`");
    }

    @Test
    void tabs_and_unclosed_quotes_are_named_as_such() {
        LoadResult result = new TestRepo(root).district("main", "region: ap-northeast-1\n")
                .app("tabs", "environments:\n\tproduction:\n    image_name: shop\n")
                .app("quote", "environments:\n  production:\n    image_name: \"shop\n")
                .load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/quote/barcelona.yml:4:1: error: invalid YAML: the file ends inside a quoted value or a `[` / `{` that"
                        + " is never closed",
                "apps/tabs/barcelona.yml:2:1: error: invalid YAML: a tab indents this line; YAML is indented with spaces only;"
                        + " line 2 reads `\\tproduction:`");
    }

    @Test
    void a_duplicate_application_points_at_the_start_of_the_second_file_not_at_zero() {
        LoadResult result = new TestRepo(root).district("main", "region: ap-northeast-1\n")
                .file("apps/shop/barcelona.yml", "environments:\n  production:\n    image_name: shop\n")
                .file("legacy/shop/barcelona.yml", "environments:\n  production:\n    image_name: shop\n")
                .load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "legacy/shop/barcelona.yml:1:1: error: application `shop` is already declared by apps/shop/barcelona.yml;"
                        + " application folder names must be unique");
    }

    @Test
    void only_a_directory_with_districts_or_rambla_yml_is_an_infrastructure_repository() {
        assertThat(RepositoryShape.notAnInfrastructureRepository(root)).isPresent();
        new TestRepo(root).file("rambla.yml", "prune: false\n");
        assertThat(RepositoryShape.notAnInfrastructureRepository(root)).isEmpty();
    }
}
