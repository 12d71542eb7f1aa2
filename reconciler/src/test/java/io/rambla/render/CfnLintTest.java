package io.rambla.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs AWS's {@code cfn-lint} over every golden template. Errors and warnings fail the test;
 * informational rules are ignored. Rules the goldens deliberately break would be listed, with the
 * reason, in {@code .cfnlintrc} beside the goldens (cfn-lint reads it from its working directory).
 *
 * <p>cfn-lint is a prerequisite, not an option: without it this test fails and says how to install it.
 */
class CfnLintTest {

    private static final long TIMEOUT_MINUTES = 5;

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

        List<String> command = new ArrayList<>(cfnLint());
        command.addAll(List.of("--format", "parseable", "--"));
        command.addAll(templates);
        Result result = run(command);

        List<String> findings = result.output().lines()
                .filter(line -> !line.isBlank())
                .filter(line -> !isInformational(line))
                .toList();
        assertThat(findings).as("cfn-lint findings (exit code %d)", result.exitCode()).isEmpty();
        // Exit code bits: 2 errors, 4 warnings, 8 informational; anything else (1) means cfn-lint itself failed.
        assertThat(result.exitCode() & ~8).as("cfn-lint exit code; output:%n%s", result.output()).isZero();
    }

    /** Parseable lines read {@code file:line:col:endLine:endCol:RULE:message}; I-rules are informational. */
    private static boolean isInformational(String line) {
        String[] parts = line.split(":", 7);
        return parts.length == 7 && parts[5].startsWith("I");
    }

    private static List<String> cfnLint() throws InterruptedException {
        for (List<String> candidate : List.of(List.of("cfn-lint"), List.of("python3", "-m", "cfnlint"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("--version");
            try {
                if (run(version).exitCode() == 0) {
                    return candidate;
                }
            } catch (IOException notInstalled) {
                // try the next way of starting it
            }
        }
        return fail("cfn-lint is not installed: install it with `pip install cfn-lint` (CI does); "
                + "this test checks every golden CloudFormation template with it");
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(Goldens.root().toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("%s did not finish within %d minutes", command, TIMEOUT_MINUTES);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
