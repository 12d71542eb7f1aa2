package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rambla.support.DaemonProcess;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code curl} line the docs show against a daemon ({@code http://127.0.0.1:8080}) is run by
 * bash as written, against a real {@code rambla serve} on the emulator, with only the port and the
 * documented placeholders replaced (the token in {@code $RAMBLA_API_TOKEN}, the held commit in
 * {@code ?revision=}); each answer is checked against what the docs say it is. A curl line added to
 * the docs without an expectation here fails the test.
 */
class DocsCurlIT {

    private static final Path DOCS = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../docs").normalize();
    private static final String TOKEN = "operator-token-for-the-docs-curl-it";

    /** A curl line of a ```sh block, its backslash continuations joined. */
    record Example(String file, String command) {}

    static List<Example> examples() throws IOException {
        List<Example> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(DOCS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                boolean inShell = false;
                StringBuilder pending = null;
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.startsWith("```")) {
                        inShell = !inShell && line.strip().equals("```sh");
                        continue;
                    }
                    if (!inShell) {
                        continue;
                    }
                    if (pending == null && line.startsWith("curl ")) {
                        pending = new StringBuilder();
                    }
                    if (pending != null) {
                        boolean continued = line.endsWith("\\");
                        pending.append(continued ? line.substring(0, line.length() - 1) : line).append(continued ? " " : "");
                        if (!continued) {
                            String command = pending.toString().replaceAll("\\s+#.*$", "").strip();
                            if (command.contains("http://127.0.0.1:8080")) {
                                out.add(new Example(file.getFileName().toString(), command));
                            }
                            pending = null;
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyCurlLineInTheDocsGetsTheAnswerTheDocsDescribe() throws Exception {
        List<Example> examples = examples();
        Path temp = Files.createTempDirectory("rambla-docs-curl");
        try (GitFixture git = GitFixture.create(temp, "main")) {
            // approval: always holds the district's creation, so the approve example has a held commit to approve.
            String held = git.commitAndPush("A district and an app", Map.of(
                    "rambla.yml", "stack_prefix: it" + Emulator.uniqueName("c").replaceAll("[^a-z0-9]", "").substring(0, 6) + "\napproval: always\n",
                    "districts/main.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.97.0.0/16\n",
                    "apps/shop/barcelona.yml", "environments:\n  production:\n    image_name: public.ecr.aws/nginx/nginx\n"
                            + "    services:\n      - name: worker\n        service_type: default\n"));
            var aws = Emulator.config();
            Map<String, String> properties = new HashMap<>(Map.of(
                    "rambla.git.url", git.url(),
                    "rambla.git.workdir", temp.resolve("checkout").toString(),
                    "rambla.git.poll-interval", "1h",
                    "rambla.aws.endpoint", aws.endpoint(),
                    "rambla.aws.region", aws.region(),
                    "rambla.api.token", TOKEN,
                    "rambla.apply.before-deploy", "skip"));
            try (DaemonProcess daemon = DaemonProcess.start("docs-curl-" + Emulator.uniqueName("d"), temp, properties)) {
                await(daemon.name() + ": district/main held").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                        .until(() -> daemon.unit("district/main").filter(u -> "AWAITING_APPROVAL".equals(u.get("state"))).isPresent());

                Map<String, Consumer<String>> expected = new LinkedHashMap<>();
                expected.put("curl -s http://127.0.0.1:8080/api/units", out -> assertThat(out)
                        .contains("\"id\":\"district/main\"", "\"id\":\"app/shop/production\"", "\"state\":\"AWAITING_APPROVAL\""));
                expected.put("/api/sync?reason=", out -> assertThat(out).isEqualTo("{\"result\":\"sync requested\"}"));
                expected.put("-X POST -H \"Authorization: Bearer $RAMBLA_API_TOKEN\" 'http://127.0.0.1:8080/api/pause/app/shop/production",
                        out -> assertThat(out).contains("paused"));
                expected.put("-X DELETE -H \"Authorization: Bearer $RAMBLA_API_TOKEN\" 'http://127.0.0.1:8080/api/pause/app/shop/production",
                        out -> assertThat(out).contains("resumed"));
                // The app's stack does not exist while its district waits: the documented 409.
                expected.put("/api/units/app/shop/production/run", out -> assertThat(out).contains("stack").doesNotContain("taskArn"));
                expected.put("/approve?revision=", out -> assertThat(out).contains("district/main at " + held + " is approved"));
                expected.put("/health/readiness", out -> assertThat(out).contains("UP"));
                expected.put("/prometheus | grep '^rambla_'", out -> assertThat(out.lines().toList()).isNotEmpty()
                        .allSatisfy(line -> assertThat(line).startsWith("rambla_")));

                assertThat(examples).extracting(Example::command).allSatisfy(command -> assertThat(expected.keySet())
                        .as("an expectation for `%s`", command).anyMatch(command::contains));
                for (Example example : examples) {
                    if (example.command().contains("/approve")) {
                        // The examples before it asked for syncs; the approval waits until the held unit is judged again.
                        await(daemon.name() + ": district/main held again").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                                .until(() -> daemon.unit("district/main").filter(u -> "AWAITING_APPROVAL".equals(u.get("state"))).isPresent());
                    }
                    String command = example.command().replace("127.0.0.1:8080", "127.0.0.1:" + daemon.port())
                            .replace("revision=4f2c9e1", "revision=" + held.substring(0, 7));
                    String out = bash(command);
                    Consumer<String> check = expected.entrySet().stream().filter(e -> example.command().contains(e.getKey()))
                            .findFirst().orElseThrow().getValue();
                    try {
                        check.accept(out);
                    } catch (AssertionError e) {
                        throw new AssertionError(example.file() + ": `" + example.command() + "` answered " + out, e);
                    }
                }
                assertThat(examples).extracting(Example::file).contains("getting-started.md", "operations.md", "one-off-tasks.md");
            }
        }
    }

    private static String bash(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
        builder.environment().put("RAMBLA_API_TOKEN", TOKEN);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("`%s` ends", command).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
