package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistrictChoiceTest {

    private static final String APP = """
            environments:
              production:
                image_name: shop
            """;

    @TempDir
    Path root;

    @Test
    void an_environment_without_district_goes_to_the_repositorys_only_district() {
        LoadResult result = new TestRepo(root).district("solo", "region: eu-west-1\n").app("shop", APP).load();

        assertThat(result.diagnostics()).isEmpty();
        assertThat(environment(result).district()).isEqualTo("solo");
    }

    @Test
    void rambla_yml_default_district_wins_over_guessing() {
        LoadResult result = new TestRepo(root)
                .district("production", "region: eu-west-1\n")
                .district("staging", "region: eu-west-1\n")
                .file("rambla.yml", "default_district: staging\n")
                .app("shop", APP)
                .load();

        assertThat(result.diagnostics()).isEmpty();
        assertThat(environment(result).district()).isEqualTo("staging");
    }

    @Test
    void the_environments_own_district_wins_over_the_default() {
        LoadResult result = new TestRepo(root)
                .district("production", "region: eu-west-1\n")
                .district("staging", "region: eu-west-1\n")
                .file("rambla.yml", "default_district: staging\n")
                .app("shop", APP + "    district: production\n")
                .load();

        assertThat(environment(result).district()).isEqualTo("production");
    }

    @Test
    void with_several_districts_and_no_default_the_error_lists_them() {
        LoadResult result = new TestRepo(root)
                .district("production", "region: eu-west-1\n")
                .district("staging", "region: eu-west-1\n")
                .app("shop", APP)
                .load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:3:5: error: no `district` given and the repository has 2 districts;"
                        + " set `district` or rambla.yml's `default_district`; districts: production, staging");
    }

    @Test
    void with_no_district_at_all_the_error_says_how_to_add_one() {
        LoadResult result = new TestRepo(root).app("shop", APP).load();

        assertThat(result.errors()).singleElement().satisfies(d ->
                assertThat(d.message()).contains("has no district", "none (add districts/<name>.yml)"));
    }

    @Test
    void an_unknown_district_is_an_error_that_lists_the_districts_and_suggests_one() {
        LoadResult result = new TestRepo(root)
                .district("production", "region: eu-west-1\n")
                .district("staging", "region: eu-west-1\n")
                .app("shop", APP + "    district: prodution\n")
                .load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/shop/barcelona.yml:4:15: error: unknown district `prodution`; districts: production, staging"
                        + " — did you mean `production`?");
    }

    @Test
    void an_unknown_default_district_is_reported_once_on_rambla_yml() {
        LoadResult result = new TestRepo(root)
                .district("production", "region: eu-west-1\n")
                .district("staging", "region: eu-west-1\n")
                .file("rambla.yml", "stack_prefix: acme\ndefault_district: stagign\n")
                .app("shop", APP)
                .app("blog", APP.replace("shop", "blog"))
                .load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "rambla.yml:2:19: error: `default_district` names unknown district `stagign`; districts: production, staging"
                        + " — did you mean `staging`?");
    }

    @Test
    void a_district_file_may_repeat_its_name_but_not_contradict_it() {
        LoadResult result = new TestRepo(root)
                .district("production", "name: production\n")
                .district("staging", "name: stage\n")
                .load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "districts/staging.yml:1:7: error: `name` is \"stage\" but the file declares district `staging`;"
                        + " rename the file or drop `name`");
    }

    @Test
    void district_files_with_the_yaml_extension_are_ignored_with_a_warning() {
        LoadResult result = new TestRepo(root).file("districts/main.yaml", "region: eu-west-1\n").load();

        assertThat(result.diagnostics()).extracting(Diagnostic::toString).containsExactly(
                "districts/main.yaml:0:0: warning: district files end in .yml; this file is ignored (rename it to main.yml)");
    }

    private static AppEnvironment environment(LoadResult result) {
        return result.repository().applications().get(0).environments().get(0);
    }
}
