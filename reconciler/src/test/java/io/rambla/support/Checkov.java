package io.rambla.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs checkov (PyPI, Bridgecrew's policy scanner) on the CloudFormation templates of a folder.
 * checkov is a prerequisite, not an option: scripts/test installs it into {@code .venv-checkov/};
 * without it the calling test fails and says how to install it.
 */
public final class Checkov {

    private static final long TIMEOUT_MINUTES = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkov() {}

    /** Failed check id → the {@code file:resource} places it failed at, for every template under {@code directory}. */
    public static Map<String, Set<String>> failedChecks(Path directory) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable(directory)));
        // No config file: every check runs, so the caller sees the deliberate findings too.
        Path absolute = directory.toAbsolutePath().normalize();
        command.addAll(List.of("--directory", absolute.toString(), "--framework", "cloudformation", "--output", "json",
                "--quiet", "--compact", "--skip-download"));
        Process process = new ProcessBuilder(command).directory(absolute.getParent().toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("checkov did not finish within %d minutes", TIMEOUT_MINUTES);
        }
        // Exit code 1 means findings; anything else but 0 means checkov itself failed.
        assertThat(process.exitValue()).as("checkov exit code; output:%n%s", output).isIn(0, 1);
        JsonNode root = JSON.readTree(output);
        Map<String, Set<String>> failed = new TreeMap<>();
        for (JsonNode report : root.isArray() ? root : List.of(root)) {
            assertThat(report.path("check_type").asText()).isEqualTo("cloudformation");
            for (JsonNode check : report.path("results").path("failed_checks")) {
                failed.computeIfAbsent(check.path("check_id").asText(), id -> new TreeSet<>())
                        .add(check.path("file_path").asText() + ":" + check.path("resource").asText());
            }
        }
        return failed;
    }

    /** The {@code skip-check} ids of a checkov config file. */
    public static Set<String> skippedChecks(Path configFile) throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(configFile, StandardCharsets.UTF_8));
        Set<String> skipped = new TreeSet<>();
        for (Object id : (List<?>) config.get("skip-check")) {
            skipped.add(id.toString());
        }
        return skipped;
    }

    private static String executable(Path directory) throws InterruptedException {
        List<String> candidates = new ArrayList<>();
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        if (root != null) {
            candidates.add(root.resolve(".venv-checkov/bin/checkov").toString());
        }
        candidates.add("checkov");
        for (String candidate : candidates) {
            try {
                Process version = new ProcessBuilder(candidate, "--version").directory(directory.toFile())
                        .redirectErrorStream(true).start();
                version.getInputStream().readAllBytes();
                if (version.waitFor(1, TimeUnit.MINUTES) && version.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException notInstalled) {
                // try the next place
            }
        }
        return fail("checkov is not installed: run scripts/test once (it installs checkov into .venv-checkov/), "
                + "or `pip install checkov==3.3.30`; this test checks rendered CloudFormation templates with it");
    }
}
