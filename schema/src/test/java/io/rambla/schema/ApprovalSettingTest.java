package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalSettingTest {

    @TempDir
    Path root;

    @Test
    void without_a_setting_no_commit_waits_for_approval() {
        LoadResult result = new TestRepo(root).district("main", "region: eu-west-1\n").load();

        assertThat(result.diagnostics()).isEmpty();
        District main = result.repository().districts().get(0);
        assertThat(main.approval()).isNull();
        assertThat(main.approvalUnder(result.repository().settings())).isEqualTo(Approval.NONE);
    }

    @Test
    void rambla_yml_sets_it_for_every_district_that_names_none() {
        LoadResult result = new TestRepo(root)
                .district("main", "region: eu-west-1\n")
                .file("rambla.yml", "approval: replacements\n")
                .load();

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.repository().settings().approval()).isEqualTo(Approval.REPLACEMENTS);
        assertThat(result.repository().districts().get(0).approvalUnder(result.repository().settings())).isEqualTo(Approval.REPLACEMENTS);
    }

    @Test
    void a_districts_own_setting_wins_either_way() {
        LoadResult result = new TestRepo(root)
                .district("strict", "region: eu-west-1\napproval: always\n")
                .district("lax", "region: eu-west-1\napproval: none\n")
                .file("rambla.yml", "approval: replacements\n")
                .load();

        assertThat(result.diagnostics()).isEmpty();
        Settings settings = result.repository().settings();
        assertThat(result.repository().districts()).extracting(d -> d.name() + "=" + d.approvalUnder(settings))
                .containsExactlyInAnyOrder("strict=ALWAYS", "lax=NONE");
    }

    @Test
    void another_word_is_an_error_at_its_line_with_a_suggestion() {
        LoadResult result = new TestRepo(root)
                .district("main", "region: eu-west-1\napproval: replacement\n")
                .file("rambla.yml", "prune: false\napproval: true\n")
                .load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactlyInAnyOrder(
                "districts/main.yml:2:11: error: `approval` must be one of none, replacements, always, found \"replacement\""
                        + " — did you mean `replacements`?",
                "rambla.yml:2:11: error: `approval` must be one of none, replacements, always, found \"true\"");
    }

    @Test
    void a_list_or_a_mapping_is_refused_not_read_as_a_word() {
        LoadResult result = new TestRepo(root)
                .district("main", "region: eu-west-1\napproval: [always]\n")
                .file("rambla.yml", "approval: {mode: always}\n")
                .load();

        assertThat(result.errors()).hasSize(2).allSatisfy(d -> assertThat(d.message()).contains("approval"));
    }
}
