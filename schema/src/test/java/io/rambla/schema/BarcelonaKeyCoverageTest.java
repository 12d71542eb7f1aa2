package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Barcelona's complete key list (src/test/resources/barcelona/keys.tsv, each row with its source)
 * against what Rambla does with each key: acted on without a word, or reported at the key's
 * file:line with what Rambla does instead. A key that is neither fails here: no silent drops.
 */
class BarcelonaKeyCoverageTest {

    /** One row of keys.tsv. */
    record Row(String section, String key, String example, String barcelona, String source, String rambla) {
        boolean probed() {
            return !example.equals("-");
        }

        @Override
        public String toString() {
            return section + "." + key + " (" + rambla + ")";
        }
    }

    private static final Set<String> OUTCOMES = Set.of("acts", "differs", "warns");

    /** A valid file with a marker where each section's probe key goes. */
    private static final String PROBE = """
            environments:
              production:
                image_name: registry.example.com/shop
                #ENVIRONMENT
                services:
                  - name: web
                    service_type: web
                    command: bundle exec puma
                    #SERVICE
                    listeners:
                      - endpoint: public
                        #LISTENER
                scheduled_tasks:
                  - schedule: rate(1 day)
                    command: rake sweep
                    #SCHEDULED_TASK
            #APPLICATION
            """;

    private static final String DISTRICT = """
            region: ap-northeast-1
            endpoints:
              - name: public
                certificate_arn: arn:aws:acm:ap-northeast-1:123456789012:certificate/0c8e1f4a-6d2b-4f1e-9a7c-3b5d2e8f9a10
            """;

    static List<Row> rows() {
        try {
            Path file = TestRepo.resource("barcelona/keys.tsv");
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t", -1))
                    .map(f -> new Row(f[0], f[1], f[2], f[3], f[4], f[5]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void every_row_names_its_source_and_an_outcome() {
        assertThat(rows()).hasSizeGreaterThan(50).allSatisfy(row -> {
            assertThat(row.source()).as(row + " source").matches("(cli|srv) .+");
            assertThat(row.barcelona()).as(row + " Barcelona's meaning").isNotBlank();
            assertThat(OUTCOMES.contains(row.rambla()) || row.rambla().startsWith("nested:")).as(row + " outcome").isTrue();
        });
    }

    @Test
    void every_nested_row_sits_under_a_key_that_warns() {
        List<Row> rows = rows();
        rows.stream().filter(r -> r.rambla().startsWith("nested:")).forEach(row -> {
            String parent = row.rambla().substring("nested:".length());
            assertThat(rows).as(row + " parent").anySatisfy(p -> {
                assertThat(p.key()).isEqualTo(parent);
                assertThat(p.rambla()).isEqualTo("warns");
            });
        });
    }

    @Test
    void the_loader_knows_every_barcelona_key_of_the_sections_it_reads() {
        for (Row row : rows()) {
            if (row.rambla().startsWith("nested:")) {
                continue;
            }
            KnownKeys section = KnownKeys.valueOf(row.section());
            if (row.rambla().equals("warns")) {
                // Either accepted unread, or read and then reported (the probe below checks the warning).
                assertThat(Stream.concat(section.barcelonaOnly().stream(), section.keys().stream()))
                        .as(row.toString()).contains(row.key());
            } else {
                assertThat(section.keys()).as(row.toString()).contains(row.key());
            }
        }
    }

    @Test
    void every_key_rambla_only_warns_about_is_a_barcelona_key_with_a_source_or_a_known_real_file_key() {
        Set<String> listed = Set.copyOf(rows().stream().map(r -> r.section() + "." + r.key()).toList());
        // Keys seen in real files that neither Barcelona's CLI nor its server ever read (the CLI's YAML
        // decoder dropped them silently); Rambla names them instead.
        Set<String> realFileOnly = Set.of("APPLICATION.bcnd", "APPLICATION.reviewapp", "ENVIRONMENT.slack_url",
                "ENVIRONMENT.notifications");
        List<String> unlisted = Stream.of(KnownKeys.APPLICATION, KnownKeys.ENVIRONMENT, KnownKeys.SERVICE)
                .flatMap(s -> s.barcelonaOnly().stream().map(k -> s.name() + "." + k))
                .filter(k -> !listed.contains(k) && !realFileOnly.contains(k))
                .toList();
        assertThat(unlisted).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("probedRows")
    void each_key_is_acted_on_or_reported_at_its_line(Row row, @TempDir Path root) throws IOException {
        String marker = "#" + row.section();
        String[] lines = PROBE.split("\n");
        int index = Arrays.asList(lines).indexOf(Arrays.stream(lines).filter(l -> l.strip().equals(marker)).findFirst()
                .orElseThrow(() -> new AssertionError("no probe position for " + row.section())));
        String indent = lines[index].substring(0, lines[index].indexOf('#'));
        lines[index] = indent + row.key() + ": " + row.example();
        int line = index + 1;
        new TestRepo(root).district("main", DISTRICT).app("shop", String.join("\n", lines) + "\n");

        LoadResult result = RepositoryLoader.load(root);

        assertThat(result.errors()).as(row + " errors").isEmpty();
        List<Diagnostic> aboutKey = result.diagnostics().stream().filter(d -> d.line() == line).toList();
        if (row.rambla().equals("warns")) {
            assertThat(aboutKey).as(row + " warning at line " + line).singleElement().satisfies(d -> {
                assertThat(d.file()).isEqualTo("apps/shop/barcelona.yml");
                assertThat(d.column()).isGreaterThanOrEqualTo(indent.length() + 1);
                assertThat(d.message()).contains("`" + row.key() + "`").containsPattern("(not used|instead|Rambla [a-z]+|;)");
            });
        } else {
            assertThat(result.diagnostics()).as(row + " is acted on without a word").isEmpty();
        }
    }

    static Stream<Row> probedRows() {
        return rows().stream().filter(Row::probed);
    }
}
