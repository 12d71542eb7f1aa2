package io.rambla.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.render.ParameterValue;
import io.rambla.render.RenderedUnit;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline: what a team without Rambla would script — {@code aws cloudformation deploy} for
 * every unit in dependency order, one after the other, reading upstream outputs with
 * {@code aws cloudformation describe-stacks}. Every call runs with {@code --debug}, and the API
 * calls are counted from botocore's "Making request for OperationModel(name=...)" log lines.
 */
final class AwsCliLoop {

    /** The aws-cli release installed into the project-local venv. */
    static final String AWSCLI_VERSION = "1.44.62";
    private static final Pattern REQUEST = Pattern.compile("Making request for OperationModel\\(name=([A-Za-z]+)\\)");

    /** What the loop did: wall time, API calls by operation, and the units whose deploy failed. */
    record Result(long millis, Map<String, Long> calls, List<String> failed) {
        long totalCalls() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Path aws;
    private final String endpoint;
    private final Path scratch;
    private final ObjectMapper json = new ObjectMapper();

    AwsCliLoop(Path aws, String endpoint, Path scratch) {
        this.aws = aws;
        this.endpoint = endpoint;
        this.scratch = scratch;
    }

    /** The {@code aws} executable of {@code venv}, installing aws-cli there first when it is missing. */
    static Path ensureInstalled(Path venv, PrintStream progress) throws IOException, InterruptedException {
        Path aws = venv.resolve("bin/aws");
        if (Files.isExecutable(aws)) {
            return aws;
        }
        progress.println("installing awscli " + AWSCLI_VERSION + " into " + venv + " (first use)...");
        run(List.of("python3", "-m", "venv", venv.toString()), "creating the venv");
        run(List.of(venv.resolve("bin/pip").toString(), "install", "-q", "awscli==" + AWSCLI_VERSION), "installing awscli");
        return aws;
    }

    private static void run(List<String> command, String what) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(what + " failed: " + output);
        }
    }

    /**
     * Deploys every unit in order.
     *
     * @param tags the tags to pass for each stack name (the rendered ones, or a live stack's own so
     *             that an unchanged stack stays unchanged)
     */
    Result deploy(List<RenderedUnit> units, Map<String, Map<String, String>> tags, PrintStream progress)
            throws IOException, InterruptedException {
        Map<String, Long> calls = new TreeMap<>();
        Map<String, Map<String, String>> outputs = new HashMap<>();
        List<String> failed = new ArrayList<>();
        Files.createDirectories(scratch);
        long started = System.nanoTime();
        int done = 0;
        for (RenderedUnit unit : units) {
            String stackName = unit.stack().stackName();
            Path template = scratch.resolve(stackName + ".json");
            Files.writeString(template, unit.stack().templateBody(), StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of("cloudformation", "deploy", "--no-fail-on-empty-changeset",
                    "--stack-name", stackName, "--template-file", template.toString()));
            List<String> overrides = new ArrayList<>();
            for (var parameter : unit.stack().parameters().entrySet()) {
                String value = parameter.getValue() instanceof ParameterValue.Literal literal
                        ? literal.value()
                        : parameter.getValue() instanceof ParameterValue.SsmAmi ami
                        ? aws(List.of("ssm", "get-parameter", "--region", ami.region(), "--name", ami.ssmParameter(),
                                "--query", "Parameter.Value", "--output", "text"), calls).lastStdoutLine().trim()
                        : upstreamOutput((ParameterValue.UpstreamOutput) parameter.getValue(), units, outputs, calls);
                overrides.add(parameter.getKey() + "=" + (value == null ? "" : value));
            }
            if (!overrides.isEmpty()) {
                command.add("--parameter-overrides");
                command.addAll(overrides);
            }
            var stackTags = tags.getOrDefault(stackName, unit.stack().tags());
            if (!stackTags.isEmpty()) {
                command.add("--tags");
                stackTags.forEach((k, v) -> command.add(k + "=" + v));
            }
            Invocation invocation = aws(command, calls);
            if (invocation.exitCode() != 0) {
                failed.add(unit.id());
                progress.println("  aws cloudformation deploy " + stackName + " failed: " + invocation.lastStdoutLine());
            }
            done++;
            if (done % 10 == 0 || done == units.size()) {
                progress.printf("  aws-cli loop: %d/%d units, %.1f s%n", done, units.size(), (System.nanoTime() - started) / 1e9);
            }
        }
        return new Result((System.nanoTime() - started) / 1_000_000, calls, failed);
    }

    private String upstreamOutput(ParameterValue.UpstreamOutput wanted, List<RenderedUnit> units,
            Map<String, Map<String, String>> outputs, Map<String, Long> calls) throws IOException, InterruptedException {
        if (!outputs.containsKey(wanted.unitId())) {
            String stackName = units.stream().filter(u -> u.id().equals(wanted.unitId())).findFirst()
                    .map(u -> u.stack().stackName()).orElseThrow();
            Invocation invocation = aws(List.of("cloudformation", "describe-stacks", "--stack-name", stackName,
                    "--query", "Stacks[0].Outputs", "--output", "json"), calls);
            Map<String, String> values = new HashMap<>();
            JsonNode parsed = json.readTree(invocation.stdout().isBlank() ? "[]" : invocation.stdout());
            for (JsonNode output : parsed) {
                values.put(output.path("OutputKey").asText(), output.path("OutputValue").asText());
            }
            outputs.put(wanted.unitId(), values);
        }
        return outputs.get(wanted.unitId()).get(wanted.outputKey());
    }

    private record Invocation(int exitCode, String stdout) {
        String lastStdoutLine() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private Invocation aws(List<String> arguments, Map<String, Long> calls) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(aws.toString(), "--endpoint-url", endpoint, "--debug"));
        command.addAll(arguments);
        Path debug = scratch.resolve("aws-debug.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(debug.toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", "test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        builder.environment().put("AWS_DEFAULT_REGION", BenchAws.REGION);
        builder.environment().put("AWS_PAGER", "");
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        try (var lines = Files.lines(debug, StandardCharsets.ISO_8859_1)) {
            lines.forEach(line -> {
                Matcher m = REQUEST.matcher(line);
                if (m.find()) {
                    calls.merge(m.group(1), 1L, Long::sum);
                }
            });
        }
        return new Invocation(code, stdout);
    }
}
