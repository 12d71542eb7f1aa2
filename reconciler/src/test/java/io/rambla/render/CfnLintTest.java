package io.rambla.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import io.rambla.support.CfnLint;
import org.junit.jupiter.api.Test;

/**
 * Runs AWS's {@code cfn-lint} over every golden template. Errors and warnings fail the test;
 * informational rules are ignored. Rules the goldens deliberately break would be listed, with the
 * reason, in {@code .cfnlintrc} beside the goldens (cfn-lint reads it from its working directory).
 *
 * <p>cfn-lint is a prerequisite, not an option: without it this test fails and says how to install it.
 */
class CfnLintTest {

    @Test
    void every_golden_template_passes_cfn_lint_without_errors_or_warnings() throws Exception {
        List<String> templates;
        try (Stream<Path> files = Files.walk(Goldens.root())) {
            templates = files.filter(f -> f.getFileName().toString().endsWith(Goldens.TEMPLATE_SUFFIX))
                    .map(f -> Goldens.root().relativize(f).toString())
                    .sorted()
                    .toList();
        }
        assertThat(templates).as("golden templates").isNotEmpty();

        CfnLint.assertClean(Goldens.root(), templates);
    }

    @Test
    void every_render_of_the_barcelona_corpus_passes_cfn_lint_on_ec2_and_fargate() throws Exception {
        List<String> templates;
        try (Stream<Path> files = Files.walk(Goldens.corpusRoot())) {
            templates = files.filter(f -> f.getFileName().toString().endsWith(Goldens.TEMPLATE_SUFFIX))
                    .map(f -> Goldens.corpusRoot().relativize(f).toString())
                    .sorted()
                    .toList();
        }
        assertThat(templates).as("corpus templates").anyMatch(t -> t.startsWith("ec2/")).anyMatch(t -> t.startsWith("fargate/"));

        CfnLint.assertClean(Goldens.corpusRoot(), templates);
    }
}
