package io.rambla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rambla.support.DaemonProcess;
import io.rambla.support.Emulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the commands of docs/getting-started.md as written, against the test emulator: `./rambla`
 * commands in process (the launcher only builds and starts the same Main), `rambla serve` as a
 * daemon of its own, shell commands through bash. Only what cannot run here is left out, by name:
 * the demo (a test of its own) and starting or stopping the emulator (the build does that). Two
 * substitutions keep runs apart: /tmp/ becomes a temporary folder and the emulator's default
 * address the test emulator's; the copied repository gets a unique stack prefix for the same reason.
 */
class GettingStartedIT {

    private static final Path DOC = Path.of("..", "docs", "getting-started.md");
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Z_]+)=(\\S+)\\s+");

    @TempDir
    Path temp;

    @Test
    void every_command_of_getting_started_runs_as_written() throws Exception {
        Emulator.requireRunning();
        List<String> commands = commands(Files.readString(DOC, StandardCharsets.UTF_8));
        List<String> skipped = new ArrayList<>();
        DaemonProcess daemon = null;
        String prefix = Emulator.uniqueName("gs").replace("-", "");
        try {
            for (String line : commands) {
                String written = line.replaceFirst("\\s+#.*$", "");
                String command = written.replace("/tmp/", temp + "/").replace("http://127.0.0.1:4566", Emulator.ENDPOINT);
                if (command.startsWith("./rambla demo") || command.startsWith("scripts/aws-emulator ")) {
                    skipped.add(written);
                } else if (command.contains("./rambla serve")) {
                    daemon = serve(command);
                    DaemonProcess started = daemon;
                    await().atMost(3, TimeUnit.MINUTES).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                            assertThat(started.unit("app/blog/production")).as(started.logTail(30))
                                    .hasValueSatisfying(u -> assertThat(u.get("state")).isEqualTo("APPLIED")));
                } else if (command.startsWith("curl ")) {
                    assertThat(daemon).as("the daemon the doc started before " + written).isNotNull();
                    assertThat(daemon.text("/api/units")).contains("app/shop/production", "APPLIED");
                    theEditTheDocSuggests(daemon);
                } else if (command.startsWith("./rambla ")) {
                    // Relative paths are the checkout's, where the doc's commands run.
                    String[] args = Arrays.stream(command.substring("./rambla ".length()).trim().split("\\s+"))
                            .map(a -> !a.startsWith("-") && !Path.of(a).isAbsolute() && Files.exists(ROOT.resolve(a))
                                    ? ROOT.resolve(a).toString() : a)
                            .toArray(String[]::new);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(out, true, StandardCharsets.UTF_8));
                    // The doc says which non-zero codes to expect: `plan` exits 3 while changes are pending.
                    int expected = line.contains("exit 3") ? 3 : 0;
                    assertThat(code).as(written + "\n" + out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
                    if (args[0].equals("plan") && line.contains("every resource applying would add")) {
                        assertThat(out.toString(StandardCharsets.UTF_8)).contains("  + AWS::EC2::VPC ")
                                .containsPattern("Plan: [1-9]\\d* to add, 0 to change, 0 to replace, 0 to remove\\.\\n$");
                    }
                } else {
                    bash(command, written);
                    if (command.startsWith("rm -rf") && command.contains("cp -r example-infra-repo")) {
                        Path copy = temp.resolve("my-infra");
                        Files.writeString(copy.resolve("rambla.yml"), Files.readString(copy.resolve("rambla.yml"))
                                .replace("stack_prefix: rambla", "stack_prefix: " + prefix));
                    }
                }
            }
        } finally {
            if (daemon != null) {
                daemon.close();
            }
        }
        assertThat(skipped).containsExactly("./rambla demo --exit-when-applied", "scripts/aws-emulator start");
        assertThat(commands).anyMatch(c -> c.contains("./rambla serve")).anyMatch(c -> c.startsWith("curl "));
    }

    /**
     * The prose after the commands: edit the blog (say, rule_priority: 210) and commit, and the daemon
     * updates exactly that stack, after which plan has nothing left to do.
     */
    private void theEditTheDocSuggests(DaemonProcess daemon) throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        assertThat(doc).contains("Edit `/tmp/my-infra/apps/blog/barcelona.yml` (say, `rule_priority: 210`) and commit");
        Path blog = temp.resolve("my-infra/apps/blog/barcelona.yml");
        assertThat(Files.readString(blog)).contains("rule_priority: 200");
        Files.writeString(blog, Files.readString(blog).replace("rule_priority: 200", "rule_priority: 210"));
        assertThat(doc).contains("the blog's\nlistener rule as `~ AWS::ElasticLoadBalancingV2::ListenerRule` with `Priority: \"200\" -> \"210\"`");
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        int pending = Main.run(new String[] {"plan", temp.resolve("my-infra").toString(), "--endpoint", Emulator.ENDPOINT},
                new PrintStream(before, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(before.toString(StandardCharsets.UTF_8)).as("plan before the edit is committed")
                .containsPattern("~ AWS::ElasticLoadBalancingV2::ListenerRule \\w+\\n(      .*\\n)*      Priority: \"200\" -> \"210\"\\n")
                .containsPattern("Plan: \\d+ to add, [1-9]\\d* to change, \\d+ to replace, \\d+ to remove\\.\\n$");
        assertThat(pending).as("exit code of plan, which printed:%n%s", before.toString(StandardCharsets.UTF_8)).isEqualTo(3);
        // "--format json prints the same plan for CI": the same before and after, parsed.
        assertThat(doc).contains("`--format json`\nprints the same plan for CI");
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        assertThat(Main.run(new String[] {"plan", temp.resolve("my-infra").toString(), "--endpoint", Emulator.ENDPOINT, "--format", "json"},
                new PrintStream(json, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isEqualTo(3);
        List<String> priorities = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toString(StandardCharsets.UTF_8)).path("units")
                .forEach(u -> u.path("resources").forEach(r -> r.path("changes").forEach(c -> {
                    if (c.path("path").asText().equals("Priority")) {
                        priorities.add(r.path("resourceType").asText() + " " + c.path("before").asText() + " -> " + c.path("after").asText());
                    }
                })));
        assertThat(priorities).as(json.toString(StandardCharsets.UTF_8)).anyMatch(p -> p.matches(
                "AWS::ElasticLoadBalancingV2::ListenerRule \"?200\"? -> \"?210\"?"));
        bash("git -C " + temp.resolve("my-infra") + " commit -qam 'blog: rule priority 210'", "commit the edit");
        String revision = git("rev-parse", "HEAD");
        await().atMost(3, TimeUnit.MINUTES).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(daemon.unit("app/blog/production")).as(daemon.logTail(30)).hasValueSatisfying(u -> {
                    assertThat(u.get("state")).isEqualTo("APPLIED");
                    assertThat(String.valueOf(u)).contains(revision);
                }));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"plan", temp.resolve("my-infra").toString(), "--endpoint", Emulator.ENDPOINT},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();

        // "Commit a mistake (an unknown key) and nothing is applied: every unit reports the error with its file and line."
        assertThat(doc).contains("Commit a mistake (an unknown key) and nothing is applied: every unit reports the error\nwith its file and line.");
        Files.writeString(blog, Files.readString(blog) + "memroy: 512\n");
        bash("git -C " + temp.resolve("my-infra") + " commit -qam 'a typo'", "commit a mistake");
        String mistake = git("rev-parse", "HEAD");
        await().atMost(3, TimeUnit.MINUTES).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            List<Map<String, Object>> units = new com.fasterxml.jackson.databind.ObjectMapper().readValue(daemon.text("/api/units"),
                    new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() {});
            assertThat(units).hasSizeGreaterThanOrEqualTo(6).allSatisfy(u -> {
                assertThat(u.get("state")).as(String.valueOf(u)).isEqualTo("INVALID");
                assertThat(u.get("lastAttemptedRevision")).isEqualTo(mistake);
                assertThat(String.valueOf(u.get("message"))).containsPattern("apps/blog/barcelona\\.yml:\\d+:\\d+: error: unknown key `memroy`");
            });
        });
        assertThat(daemon.unit("app/blog/production").orElseThrow().get("lastAppliedRevision")).isEqualTo(revision);
    }

    private String git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", temp.resolve("my-infra").toString()));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    /** The command lines of the doc's sh blocks, each with its trailing comment (which may say the exit code). */
    static List<String> commands(String doc) {
        List<String> commands = new ArrayList<>();
        Matcher block = BLOCK.matcher(doc);
        while (block.find()) {
            for (String line : block.group(1).split("\n")) {
                String command = line.strip();
                if (!command.isEmpty() && !command.startsWith("#")) {
                    commands.add(command);
                }
            }
        }
        return commands;
    }

    private DaemonProcess serve(String command) throws Exception {
        Map<String, String> environment = new LinkedHashMap<>();
        Matcher m = ASSIGNMENT.matcher(command);
        int end = 0;
        while (m.find() && m.start() == end) {
            environment.put(m.group(1), m.group(2));
            end = m.end();
        }
        assertThat(command.substring(end)).isEqualTo("./rambla serve");
        // As the shell runs the line: the assignments are the daemon's environment, bound by Micronaut's own rules.
        return DaemonProcess.start("getting-started", temp, Map.of("rambla.aws.region", Emulator.REGION),
                List.of("-XX:TieredStopAtLevel=1", "-Xmx256m", "-XX:+UseSerialGC"), environment);
    }

    private void bash(String command, String written) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(written).isTrue();
        assertThat(process.exitValue()).as(written + "\n" + output).isZero();
    }

}
