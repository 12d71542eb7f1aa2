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
}
