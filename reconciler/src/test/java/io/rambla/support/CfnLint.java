package io.rambla.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs cfn-lint (PyPI) on templates and asserts it finds no error or warning. cfn-lint is a
 * prerequisite, not an option: without it the calling test fails and says how to install it.
 */
public final class CfnLint {

    private static final long TIMEOUT_MINUTES = 5;

    private CfnLint() {}

    /** Lints {@code templates} (paths relative to {@code directory}) and fails on any E or W finding. */
    public static void assertClean(Path directory, List<String> templates) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(command(directory));
        command.addAll(List.of("--format", "parseable", "--"));
        command.addAll(templates);
        Result result = run(directory, command);
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

    private static List<String> command(Path directory) throws InterruptedException {
        for (List<String> candidate : List.of(List.of("cfn-lint"), List.of("python3", "-m", "cfnlint"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("--version");
            try {
                if (run(directory, version).exitCode() == 0) {
                    return candidate;
                }
            } catch (IOException notInstalled) {
                // try the next way of starting it
            }
        }
        return fail("cfn-lint is not installed: install it with `pip install cfn-lint` (CI does); "
                + "this test checks rendered CloudFormation templates with it");
    }

    private record Result(int exitCode, String output) {}

    private static Result run(Path directory, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("%s did not finish within %d minutes", command, TIMEOUT_MINUTES);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
