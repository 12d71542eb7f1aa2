package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compatibility corpus (src/test/resources/barcelona/corpus/apps): barcelona.yml files in
 * Barcelona's real forms, each naming its source, loaded on an EC2 district and on a Fargate one.
 * Each file lists what Rambla says about it, exactly: {@code # expect: LINE:COL: SEVERITY: MESSAGE}
 * on EC2 and {@code # fargate: ...} on Fargate, or {@code valid} when nothing at all is said.
 */
class BarcelonaCorpusTest {

    static final Path CORPUS = TestRepo.resource("barcelona/corpus");

    record Case(String name, String text) {
        List<String> expected(String prefix) {
            List<String> lines = text.lines().filter(l -> l.startsWith("# " + prefix + ": ")).map(l -> l.substring(prefix.length() + 4))
                    .toList();
            return lines.equals(List.of("valid")) ? List.of() : lines;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        try (Stream<Path> files = Files.list(CORPUS.resolve("apps"))) {
            return files.sorted().map(f -> {
                try {
                    return new Case(f.getFileName().toString().replaceFirst("\\.yml$", ""), Files.readString(f, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A repository holding the one corpus file as apps/NAME/barcelona.yml on the given district. */
    static LoadResult load(Path root, Case c, String district) throws IOException {
        new TestRepo(root).district("main", Files.readString(CORPUS.resolve("district-" + district + ".yml")))
                .app(c.name(), c.text());
        return RepositoryLoader.load(root);
    }

    private static List<String> said(LoadResult result, Case c) {
        String file = "apps/" + c.name() + "/barcelona.yml:";
        return result.diagnostics().stream().map(Diagnostic::toString)
                .peek(d -> assertThat(d).as("only the corpus file is reported").startsWith(file))
                .map(d -> d.substring(file.length())).toList();
    }

    @Test
    void the_corpus_has_at_least_twelve_files_each_naming_its_source_and_its_outcomes() {
        assertThat(cases().toList()).hasSizeGreaterThanOrEqualTo(12).allSatisfy(c -> {
            assertThat(c.text()).as(c + " source").containsPattern("(?m)^# source: \\S+");
            assertThat(c.text()).as(c + " expected outcome on EC2").contains("# expect: ");
            assertThat(c.text()).as(c + " expected outcome on Fargate").contains("# fargate: ");
        });
    }

    @ParameterizedTest
    @MethodSource("cases")
    void each_file_loads_on_ec2_as_its_header_says(Case c, @TempDir Path root) throws IOException {
        assertThat(said(load(root, c, "ec2"), c)).as(c + " on EC2").containsExactlyElementsOf(c.expected("expect"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void each_file_loads_on_fargate_as_its_header_says(Case c, @TempDir Path root) throws IOException {
        assertThat(said(load(root, c, "fargate"), c)).as(c + " on Fargate").containsExactlyElementsOf(c.expected("fargate"));
    }
}
