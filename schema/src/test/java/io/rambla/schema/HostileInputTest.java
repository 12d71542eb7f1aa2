package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostileInputTest {

    private static final String BILLION_LAUGHS = """
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
            i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
            environments: *i
            """;

    @TempDir
    Path root;

    @Test
    void a_billion_laughs_file_is_refused_with_an_error_not_an_exception() {
        LoadResult result = new TestRepo(root)
                .district("main", TestRepo.PRODUCTION_DISTRICT)
                .app("laughs", BILLION_LAUGHS)
                .load();

        assertThat(result.errors()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo("apps/laughs/barcelona.yml");
            assertThat(d.message()).startsWith("YAML refused:").contains("aliases");
        });
        assertThat(result.repository().applications()).isEmpty();
    }

    @Test
    void a_file_over_the_size_limit_is_refused_before_it_is_parsed() {
        LoadResult result = new TestRepo(root)
                .district("main", "region: eu-west-1\n# " + "x".repeat(2000) + "\n")
                .load(LoaderLimits.defaults().withMaxFileBytes(1000));

        assertThat(result.errors()).extracting(Diagnostic::toString).singleElement().asString()
                .startsWith("districts/main.yml:0:0: error: file is ")
                .endsWith("more than the limit of 1000 bytes; it was not read");
    }

    @Test
    void the_default_size_limit_is_one_mebibyte() {
        String big = "region: eu-west-1\n" + ("# " + "x".repeat(98) + "\n").repeat(10_500);
        LoadResult result = new TestRepo(root).district("main", big).load();

        assertThat(LoaderLimits.defaults().maxFileBytes()).isEqualTo(1024 * 1024);
        assertThat(result.errors()).singleElement().satisfies(d -> assertThat(d.message()).contains("limit of 1048576 bytes"));
    }

    @Test
    void duplicate_keys_are_errors_that_point_at_the_second_one() {
        LoadResult result = new TestRepo(root).district("main", """
                region: eu-west-1
                cluster_size: 2
                region: us-east-1
                """).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "districts/main.yml:3:1: error: duplicate key `region` (first set on line 1)");
    }

    @Test
    void duplicate_keys_inside_anchored_blocks_are_found_too() {
        LoadResult result = new TestRepo(root)
                .district("main", TestRepo.PRODUCTION_DISTRICT)
                .app("shop", """
                        base: &base
                          cpu: 256
                          cpu: 512
                        environments:
                          production:
                            image_name: shop
                            services:
                              - <<: *base
                                name: worker
                        """)
                .load();

        assertThat(result.errors()).extracting(Diagnostic::path, Diagnostic::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("base.cpu", 3));
    }

    @Test
    void deeply_nested_input_is_refused() {
        String deep = "environments: " + "[".repeat(500) + "]".repeat(500) + "\n";
        LoadResult result = new TestRepo(root).district("main", TestRepo.PRODUCTION_DISTRICT).app("deep", deep).load();

        assertThat(result.errors()).singleElement().satisfies(d -> assertThat(d.message()).startsWith("YAML refused:"));
    }

    @Test
    void a_recursive_merge_is_an_error_not_a_hang() {
        LoadResult result = new TestRepo(root)
                .district("main", TestRepo.PRODUCTION_DISTRICT)
                .app("loop", """
                        environments:
                          production: &p
                            <<: *p
                            image_name: shop
                        """)
                .load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/loop/barcelona.yml:2:15: error: `<<:` merges a mapping into itself");
    }

    @Test
    void a_file_that_is_not_utf8_is_refused() throws Exception {
        new TestRepo(root).district("main", "region: eu-west-1\n");
        java.nio.file.Files.write(root.resolve("districts/main.yml"), new byte[] {'r', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});

        assertThat(new TestRepo(root).load().errors()).extracting(Diagnostic::message).containsExactly("file is not valid UTF-8");
    }

    @Test
    void several_yaml_documents_in_one_file_are_refused() {
        LoadResult result = new TestRepo(root).district("main", "region: eu-west-1\n---\nregion: us-east-1\n").load();

        assertThat(result.errors()).singleElement().satisfies(d -> assertThat(d.message()).startsWith("invalid YAML:"));
    }

    // ------------------------------------------------------------ the tree: regular files only

    @TempDir
    Path outside;

    private Path secretOutside() throws Exception {
        Path secret = outside.resolve("token");
        java.nio.file.Files.writeString(secret, "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8\n");
        return secret;
    }

    @Test
    void a_district_file_that_is_a_symlink_to_a_secret_outside_is_refused_without_reading_it() throws Exception {
        new TestRepo(root).district("main", TestRepo.PRODUCTION_DISTRICT);
        java.nio.file.Files.createSymbolicLink(root.resolve("districts/leak.yml"), secretOutside());

        LoadResult result = new TestRepo(root).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "districts/leak.yml:0:0: error: districts/leak.yml is a symbolic link; Rambla reads only regular files and never "
                        + "follows links (commit the file itself instead of a link)");
        assertThat(result.diagnostics().toString()).doesNotContain("ghp_").doesNotContain(outside.toString());
        assertThat(result.repository().districts()).extracting(District::name).containsExactly("main");
    }

    @Test
    void a_symlink_is_refused_even_when_it_points_inside_the_repository() throws Exception {
        new TestRepo(root).district("main", TestRepo.PRODUCTION_DISTRICT);
        java.nio.file.Files.createSymbolicLink(root.resolve("districts/copy.yml"), root.resolve("districts/main.yml"));

        assertThat(new TestRepo(root).load().errors()).extracting(Diagnostic::file).containsExactly("districts/copy.yml");
    }

    @Test
    void rambla_yml_as_a_symlink_is_refused() throws Exception {
        new TestRepo(root).district("main", TestRepo.PRODUCTION_DISTRICT);
        java.nio.file.Files.createSymbolicLink(root.resolve("rambla.yml"), secretOutside());

        LoadResult result = new TestRepo(root).load();

        assertThat(result.errors()).extracting(Diagnostic::file).containsExactly("rambla.yml");
        assertThat(result.diagnostics().toString()).doesNotContain("ghp_");
    }

    @Test
    void a_barcelona_yml_that_is_a_symlink_is_refused_and_a_linked_folder_is_not_entered() throws Exception {
        new TestRepo(root).district("main", TestRepo.PRODUCTION_DISTRICT);
        java.nio.file.Files.createDirectories(root.resolve("apps/leak"));
        java.nio.file.Files.createSymbolicLink(root.resolve("apps/leak/barcelona.yml"), secretOutside());
        Path elsewhere = outside.resolve("apps/other");
        java.nio.file.Files.createDirectories(elsewhere);
        java.nio.file.Files.writeString(elsewhere.resolve("barcelona.yml"), "environments: {}\n");
        java.nio.file.Files.createSymbolicLink(root.resolve("apps/linked"), elsewhere);

        LoadResult result = new TestRepo(root).load();

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                "apps/leak/barcelona.yml:0:0: error: apps/leak/barcelona.yml is a symbolic link; Rambla reads only regular "
                        + "files and never follows links (commit the file itself instead of a link)");
        assertThat(result.diagnostics()).filteredOn(d -> !d.isError()).extracting(Diagnostic::toString).containsExactly(
                "apps/linked:0:0: warning: apps/linked is a symbolic link; Rambla ignores it and never follows links");
    }

    @Test
    void a_districts_folder_that_is_a_symlink_is_refused() throws Exception {
        Path elsewhere = outside.resolve("districts");
        java.nio.file.Files.createDirectories(elsewhere);
        java.nio.file.Files.writeString(elsewhere.resolve("main.yml"), "region: eu-west-1\n");
        java.nio.file.Files.createSymbolicLink(root.resolve("districts"), elsewhere);

        LoadResult result = new TestRepo(root).load();

        assertThat(result.errors()).extracting(Diagnostic::file).containsExactly("districts");
        assertThat(result.repository().districts()).isEmpty();
    }

    @Test
    void a_fifo_where_a_file_belongs_is_refused_without_blocking() throws Exception {
        new TestRepo(root).district("main", TestRepo.PRODUCTION_DISTRICT);
        Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("districts/pipe.yml").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        assertThat(new TestRepo(root).load().errors()).extracting(Diagnostic::toString).containsExactly(
                "districts/pipe.yml:0:0: error: districts/pipe.yml is not a regular file (a FIFO, device or socket); "
                        + "Rambla reads only regular files");
    }

    @Test
    void a_directory_where_a_file_belongs_is_refused() throws Exception {
        new TestRepo(root).district("main", TestRepo.PRODUCTION_DISTRICT);
        java.nio.file.Files.createDirectories(root.resolve("districts/dir.yml"));
        java.nio.file.Files.createDirectories(root.resolve("apps/shop/barcelona.yml"));
        java.nio.file.Files.createDirectories(root.resolve("rambla.yml"));

        assertThat(new TestRepo(root).load().errors()).extracting(Diagnostic::file)
                .containsExactly("apps/shop/barcelona.yml", "districts/dir.yml", "rambla.yml");
    }

    // ------------------------------------------------------------ per-repository caps

    @Test
    void a_repository_with_more_units_than_the_cap_loads_nothing_and_says_why() {
        TestRepo repo = new TestRepo(root).district("main", TestRepo.PRODUCTION_DISTRICT);
        for (int i = 0; i < 4; i++) {
            repo.app("app" + i, "environments:\n  production:\n    image_name: shop\n");
        }

        LoadResult result = repo.load(LoaderLimits.defaults().withRepositoryCaps(100, 1 << 20, 5, 1000));

        assertThat(result.errors()).extracting(Diagnostic::toString).containsExactly(
                ".:0:0: error: the repository declares 7 units (districts, endpoints and app environments), more than the "
                        + "limit of 5; nothing was loaded");
        assertThat(result.repository().applications()).isEmpty();
        assertThat(result.repository().districts()).isEmpty();
    }

    @Test
    void a_repository_with_more_files_than_the_cap_loads_nothing() {
        TestRepo repo = new TestRepo(root).district("main", TestRepo.PRODUCTION_DISTRICT);
        for (int i = 0; i < 5; i++) {
            repo.app("app" + i, "environments:\n  production:\n    image_name: shop\n");
        }

        LoadResult result = repo.load(LoaderLimits.defaults().withRepositoryCaps(3, 1 << 20, 100, 1000));

        assertThat(result.errors()).singleElement().satisfies(d -> assertThat(d.message()).contains("more than the limit of 3"));
        assertThat(result.repository().applications()).isEmpty();
    }

    @Test
    void a_repository_whose_files_add_up_past_the_byte_cap_loads_nothing() {
        TestRepo repo = new TestRepo(root).district("main", TestRepo.PRODUCTION_DISTRICT);
        for (int i = 0; i < 5; i++) {
            repo.app("app" + i, "environments:\n  production:\n    image_name: shop\n# " + "x".repeat(300) + "\n");
        }

        LoadResult result = repo.load(LoaderLimits.defaults().withRepositoryCaps(100, 1000, 100, 1000));

        assertThat(result.errors()).singleElement().satisfies(d -> assertThat(d.message())
                .isEqualTo("the repository's YAML files add up to more than 1000 bytes, the limit; nothing was loaded (split the repository)"));
        assertThat(result.repository().applications()).isEmpty();
    }

    @Test
    void a_walk_over_too_many_entries_stops_with_an_error() throws Exception {
        new TestRepo(root).district("main", TestRepo.PRODUCTION_DISTRICT);
        for (int i = 0; i < 30; i++) {
            java.nio.file.Files.createDirectories(root.resolve("junk/d" + i));
        }

        LoadResult result = new TestRepo(root).load(LoaderLimits.defaults().withRepositoryCaps(100, 1 << 20, 100, 20));

        assertThat(result.errors()).extracting(Diagnostic::message).containsExactly(
                "the repository holds more than 20 files and folders, the limit; nothing was loaded");
        assertThat(result.repository().districts()).isEmpty();
    }

    @Test
    void the_default_repository_caps_are_the_documented_ones() {
        LoaderLimits limits = LoaderLimits.defaults();

        assertThat(limits.maxFiles()).isEqualTo(2_000);
        assertThat(limits.maxTotalBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(limits.maxUnits()).isEqualTo(2_000);
        assertThat(limits.maxDirectoryEntries()).isEqualTo(200_000);
        assertThat(limits.maxAliasesForCollections()).isEqualTo(50);
        assertThat(limits.maxNestingDepth()).isEqualTo(50);
    }

    // ------------------------------------------------------------ bombs, depth, size, encoding

    @Test
    void a_merge_key_bomb_is_read_in_time_proportional_to_its_size() {
        StringBuilder yaml = new StringBuilder("l0: &l0 {cpu: 256}\n");
        for (int i = 1; i <= 12; i++) {
            yaml.append("l").append(i).append(": &l").append(i).append(" {<<: [*l").append(i - 1).append(", *l").append(i - 1)
                    .append(", *l").append(i - 1).append("]}\n");
        }
        yaml.append("environments:\n  production:\n    image_name: shop\n    services:\n      - <<: *l12\n        name: web\n");
        LoadResult result = new TestRepo(root).district("main", TestRepo.PRODUCTION_DISTRICT).app("bomb", yaml.toString()).load();

        // 3^12 merges if expanded; 13 mappings when each is flattened once. Rambla refuses it by the
        // alias limit or reads it: either way without hanging (the suite runs it under a time bound).
        assertThat(result.diagnostics()).allSatisfy(d -> assertThat(d.file()).isEqualTo("apps/bomb/barcelona.yml"));
    }

    @Test
    void ten_thousand_levels_of_nesting_are_refused() {
        String deep = "environments: " + "{a: ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n";
        LoadResult result = new TestRepo(root).district("main", TestRepo.PRODUCTION_DISTRICT).app("deep", deep).load();

        assertThat(result.errors()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo("apps/deep/barcelona.yml");
            assertThat(d.message()).startsWith("YAML refused:");
        });
    }

    @Test
    void a_fifty_megabyte_file_is_refused_after_reading_one_mebibyte_and_one_byte() throws Exception {
        new TestRepo(root).district("main", TestRepo.PRODUCTION_DISTRICT);
        try (var out = java.nio.file.Files.newOutputStream(root.resolve("districts/big.yml"))) {
            byte[] line = ("# " + "x".repeat(1021) + "\n").getBytes();
            for (int i = 0; i < 50 * 1024; i++) {
                out.write(line);
            }
        }

        assertThat(new TestRepo(root).load().errors()).extracting(Diagnostic::toString).containsExactly(
                "districts/big.yml:0:0: error: file is more than the limit of 1048576 bytes; it was not read");
    }

    @Test
    void a_dynamic_reference_in_any_value_is_refused_at_its_line() {
        LoadResult result = new TestRepo(root)
                .district("main", TestRepo.PRODUCTION_DISTRICT + "tags:\n  team: '{{resolve:ssm:/other/secret}}'\n")
                .app("shop", """
                        environments:
                          production:
                            image_name: shop
                            environment:
                              TOKEN: "{{resolve:secretsmanager:other-team/db}}"
                        """)
                .load();

        assertThat(result.errors()).extracting(d -> d.file() + ":" + d.line()).containsExactly(
                "apps/shop/barcelona.yml:5", "districts/main.yml:7");
        assertThat(result.errors()).allSatisfy(d -> assertThat(d.message()).contains("dynamic reference"));
    }

    @Test
    void a_300000_character_endpoint_name_is_refused_quickly_without_a_suggestion() {
        String longName = "e".repeat(300_000);
        LoadResult result = new TestRepo(root)
                .district("main", "endpoints:\n  - name: " + longName + "\n")
                .app("shop", """
                        environments:
                          production:
                            image_name: shop
                            services:
                              - name: web
                                service_type: web
                                listeners:
                                  - endpoint: %s
                        """.formatted("e".repeat(299_999) + "f"))
                .load();

        assertThat(result.errors()).extracting(Diagnostic::file).contains("districts/main.yml", "apps/shop/barcelona.yml");
        assertThat(result.errors()).allSatisfy(d -> {
            assertThat(d.message()).doesNotContain("did you mean");
            assertThat(d.message().length()).isLessThanOrEqualTo(Redaction.MAX_MESSAGE);
        });
    }
}
