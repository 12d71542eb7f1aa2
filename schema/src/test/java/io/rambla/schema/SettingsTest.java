package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path root;

    @Test
    void rambla_yml_sets_the_stack_prefix_pruning_and_default_district() {
        LoadResult result = new TestRepo(root)
                .district("main", "region: eu-west-1\n")
                .file("rambla.yml", "stack_prefix: acme-prod\nprune: true\ndefault_district: main\n")
                .load();

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.repository().settings()).isEqualTo(new Settings("acme-prod", true, "main"));
    }

    @Test
    void an_empty_rambla_yml_means_the_defaults() {
        LoadResult result = new TestRepo(root).file("rambla.yml", "# nothing yet\n").load();

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.repository().settings()).isEqualTo(Settings.defaults());
    }

    @Test
    void the_stack_prefix_must_be_short_lowercase_and_start_with_a_letter() {
        for (String bad : new String[] {"Acme", "acme_prod", "1acme", "acme-", "a-very-long-stack-prefix"}) {
            LoadResult result = new TestRepo(root).file("rambla.yml", "stack_prefix: " + bad + "\n").load();

            assertThat(result.errors()).as(bad).singleElement().satisfies(d -> {
                assertThat(d.line()).isEqualTo(1);
                assertThat(d.column()).isEqualTo(15);
                assertThat(d.message()).contains("1 to 20 lowercase letters, digits and hyphens");
            });
        }
    }

    @Test
    void a_twenty_character_prefix_is_accepted() {
        LoadResult result = new TestRepo(root).file("rambla.yml", "stack_prefix: abcdefghij-klmnopqrs\n").load();

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.repository().settings().stackPrefix()).hasSize(20);
    }

    @Test
    void prune_must_be_a_boolean_and_unknown_keys_are_errors() {
        LoadResult result = new TestRepo(root).file("rambla.yml", "prune: sometimes\nstack_prefx: acme\n").load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "rambla.yml:1:8: error: `prune` must be true or false, found the string \"sometimes\"",
                "rambla.yml:2:1: error: unknown key `stack_prefx` in rambla.yml — did you mean `stack_prefix`?");
    }
}
