package io.rambla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.run.AwsEcsTasks;
import io.rambla.run.AwsStackOutputs;
import io.rambla.run.AwsTaskLogs;
import io.rambla.run.InteractiveRun;
import io.rambla.support.Emulator;
import io.rambla.support.FakeEcs;
import io.rambla.support.FakeEcsRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * {@code rambla run} end to end: the app environment found in a copy of example-infra-repo, its
 * stack's outputs read from CloudFormation on the emulator, the task's output read from CloudWatch
 * Logs on the emulator (the test writes the stream the awslogs driver would write), and ECS played
 * by {@link FakeEcs} at the protocol level, since the emulator has none.
 */
class RunCommandIT {

    private static final Path EXAMPLE = Path.of("..", "example-infra-repo");
    private static final Duration POLL = Duration.ofMillis(200);

    @TempDir
    Path repo;
    @TempDir
    Path tools;
    private Path bin;
    private Path awsArgs;

    private final FakeEcs fake = new FakeEcs();
    private final FakeEcsRun ecs = new FakeEcsRun(fake);
    private CloudFormationClient cloudFormation;
    private CloudWatchLogsClient logs;
    private String prefix;
    private String stack;
    private String logGroup;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void deployTheShop() throws IOException {
        bin = tools.resolve("bin");
        awsArgs = tools.resolve("aws.args");
        fakeAwsCli(0);
        cloudFormation = Emulator.cloudFormation(new AwsCallCounter());
        logs = AwsClientFactory.logs(Emulator.config(), new AwsCallCounter());
        copy(EXAMPLE, repo);
        prefix = "rr" + Long.toString(System.nanoTime(), 36);
        Files.writeString(repo.resolve("rambla.yml"), "stack_prefix: " + prefix + "\nprune: false\ndefault_district: production\n");
        stack = prefix + "-app-shop-production";
        // A stand-in for the shop's app stack: its real one-off log group, and the outputs a rendered app stack has.
        cloudFormation.createStack(r -> r.stackName(stack).templateBody("""
                {"Resources": {"OneOffLogGroup": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 1}}},
                 "Outputs": {
                   "OneOffTaskDefinitionArn": {"Value": "%s"},
                   "ClusterName": {"Value": "%s-district-production"},
                   "CapacityProvider": {"Value": "%s-district-production-Ec2"},
                   "SubnetIds": {"Value": "subnet-0aaa,subnet-0bbb"},
                   "OneOffSecurityGroupId": {"Value": "sg-0one"},
                   "OneOffLogGroupName": {"Value": {"Ref": "OneOffLogGroup"}}}}
                """.formatted(FakeEcs.liveTaskDefinitionArn(FakeEcs.FAMILY), prefix, prefix)));
        await().atMost(2, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(500)).until(() ->
                cloudFormation.describeStacks(r -> r.stackName(stack)).stacks().get(0).stackStatusAsString().equals("CREATE_COMPLETE"));
        logGroup = cloudFormation.describeStacks(r -> r.stackName(stack)).stacks().get(0).outputs().stream()
                .filter(o -> o.outputKey().equals("OneOffLogGroupName")).findFirst().orElseThrow().outputValue();
        ecs.oneOffDefinition(FakeEcs.liveTaskDefinitionArn(FakeEcs.FAMILY), logGroup, false).startsARunningTask();
    }

    @AfterEach
    void tearDown() {
        cloudFormation.deleteStack(r -> r.stackName(stack));
        cloudFormation.close();
        logs.close();
        fake.close();
    }

    private RunCommand command() {
        return command(bin);
    }

    /** rambla run with PATH set to {@code path} only, where --interactive looks for the aws CLI and the plugin. */
    private RunCommand command(Path path) {
        var ecsClient = fake.client();
        return new RunCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                arguments -> region -> new RunCommand.Clients(new AwsStackOutputs(r -> cloudFormation), new AwsEcsTasks(ecsClient),
                        new AwsTaskLogs(logs)),
                POLL, Map.of("PATH", path.toString()));
    }

    /**
     * A stand-in for the AWS CLI on the PATH of {@link #command()}: it writes its arguments to {@code aws.args}, one a line,
     * and exits with {@code code}; beside it a session-manager-plugin that does nothing. Shell builtins only, as PATH has
     * nothing else.
     */
    private void fakeAwsCli(int code) throws IOException {
        Files.createDirectories(bin);
        Path aws = bin.resolve("aws");
        Files.writeString(aws, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + awsArgs + "'\nexit " + code + "\n");
        Path plugin = bin.resolve("session-manager-plugin");
        Files.writeString(plugin, "#!/bin/sh\nexit 0\n");
        for (Path program : List.of(aws, plugin)) {
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** The first documented command, as written in docs/one-off-tasks.md, with --dir pointing at the copy. */
    private static List<String> documented(String startsWith) throws IOException {
        String line = RunDocsTest.commands().stream().filter(c -> c.startsWith(startsWith)).findFirst().orElseThrow();
        List<String> words = new ArrayList<>(RunDocsTest.words(line).subList(2, RunDocsTest.words(line).size()));
        return words;
    }

    private CompletableFuture<Integer> start(List<String> args) {
        List<String> withDir = new ArrayList<>(List.of("--dir", repo.toString()));
        withDir.addAll(args);
        RunCommand run = command();
        return CompletableFuture.supplyAsync(() -> run.run(withDir));
    }

    private void write(List<String> lines) {
        String streamName = "one-off/one-off/" + FakeEcsRun.TASK_ID;
        try {
            logs.createLogStream(r -> r.logGroupName(logGroup).logStreamName(streamName));
        } catch (software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException exists) {
            // written to before
        }
        long now = System.currentTimeMillis();
        logs.putLogEvents(r -> r.logGroupName(logGroup).logStreamName(streamName).logEvents(IntStream.range(0, lines.size())
                .mapToObj(i -> InputLogEvent.builder().timestamp(now + i).message(lines.get(i)).build()).toList()));
    }

    private List<String> printed() {
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    @Test
    void the_tasks_log_lines_reach_the_terminal_in_order_and_the_command_exits_with_the_containers_code() throws Exception {
        List<String> args = documented("./rambla run shop production --");
        var exit = start(args);
        List<String> first = IntStream.rangeClosed(1, 30).mapToObj(i -> "== 202611260" + String.format("%02d", i) + " Migration" + i + ": migrating").toList();
        List<String> second = List.of("-- create_table(:orders)", "   -> 0.0123s", "== done, but one check failed");
        List<String> last = List.of("rake aborted!", "ActiveRecord::RecordInvalid: Validation failed");

        await().atMost(30, TimeUnit.SECONDS).until(() -> !fake.requests("RunTask").isEmpty());
        write(first);
        await().atMost(30, TimeUnit.SECONDS).until(() -> printed().size() == first.size());
        write(second);
        await().atMost(30, TimeUnit.SECONDS).until(() -> printed().size() == first.size() + second.size());
        // The last lines land just as the container exits: read after the task stopped.
        write(last);
        ecs.exits(3);

        assertThat(exit.get(60, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(printed()).isEqualTo(Stream.of(first, second, last).flatMap(List::stream).toList());
        assertThat(fake.requests("RunTask").get(0).path("overrides").path("containerOverrides").get(0).path("command"))
                .extracting(com.fasterxml.jackson.databind.JsonNode::asText).containsExactlyElementsOf(args.subList(args.indexOf("--") + 1, args.size()));
        assertThat(fake.requests("RunTask").get(0).path("taskDefinition").asText()).isEqualTo(FakeEcs.liveTaskDefinitionArn(FakeEcs.FAMILY));
        assertThat(fake.requests("RunTask").get(0).path("cluster").asText()).isEqualTo(prefix + "-district-production");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("running `bundle exec rake db:migrate` as task " + FakeEcs.TASK_ARN)
                .contains("task " + FakeEcs.TASK_ARN + " exited with 3");
        assertThat(fake.operations()).doesNotContain("StopTask", "RegisterTaskDefinition");
    }

    @Test
    void every_documented_rambla_run_runs_as_written() throws Exception {
        List<String> lines = RunDocsTest.commands().stream().filter(c -> c.startsWith("./rambla run ")).toList();
        for (String line : lines) {
            List<String> words = RunDocsTest.words(line);
            RunArguments parsed = RunArguments.parse(words.subList(2, words.size()));
            if (parsed.interactive()) {
                ecs.execAgent("RUNNING");
            } else {
                ecs.exits(0);
            }
            int runTasks = fake.requests("RunTask").size();
            out.reset();

            assertThat(start(words.subList(2, words.size())).get(60, TimeUnit.SECONDS)).as(line).isZero();

            var request = fake.requests("RunTask").get(runTasks);
            List<String> command = parsed.interactive() ? InteractiveRun.keepAlive(parsed.spec()).command() : parsed.spec().command();
            assertThat(request.path("overrides").path("containerOverrides").get(0).path("command"))
                    .extracting(com.fasterxml.jackson.databind.JsonNode::asText).as(line).containsExactlyElementsOf(command);
            if (parsed.interactive()) {
                assertThat(Files.readAllLines(awsArgs)).as(line).endsWith("--command", parsed.spec().commandLine());
            }
            if (parsed.spec().detach()) {
                assertThat(printed()).as(line).containsExactly(FakeEcs.TASK_ARN);
            }
        }
        assertThat(lines).hasSize(fake.requests("RunTask").size());
    }

    @Test
    void interactive_runs_a_waiting_task_with_ecs_exec_hands_the_session_to_the_aws_cli_and_stops_the_task_after_it()
            throws Exception {
        fakeAwsCli(7);
        ecs.execAgent("RUNNING");
        List<String> args = documented("./rambla run --interactive shop production");

        assertThat(start(args).get(60, TimeUnit.SECONDS)).isEqualTo(7);

        var request = fake.requests("RunTask").get(0);
        assertThat(request.path("enableExecuteCommand").asBoolean()).isTrue();
        assertThat(request.path("overrides").path("containerOverrides").get(0).path("command"))
                .extracting(com.fasterxml.jackson.databind.JsonNode::asText).containsExactly("sleep", "3600");
        assertThat(Files.readAllLines(awsArgs)).containsExactly("ecs", "execute-command", "--region", "us-east-1",
                "--cluster", prefix + "-district-production", "--task", FakeEcs.TASK_ARN, "--container", "one-off", "--interactive",
                "--command", "bin/rails console");
        // The session ran first (its arguments are written), then the task was stopped, once.
        assertThat(fake.operations()).containsSubsequence("RunTask", "DescribeTasks", "StopTask").endsWith("StopTask");
        assertThat(fake.requests("StopTask")).hasSize(1);
        assertThat(fake.requests("StopTask").get(0).path("reason").asText()).isEqualTo("Rambla: the interactive session ended");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("the session in task " + FakeEcs.TASK_ARN + " ended with 7; Rambla stopped the task");
    }

    @Test
    void interactive_passes_the_endpoint_on_to_the_session() throws Exception {
        ecs.execAgent("RUNNING");

        assertThat(start(List.of("--endpoint", "http://127.0.0.1:4566", "-i", "shop", "production", "sh")).get(60, TimeUnit.SECONDS))
                .isZero();

        assertThat(Files.readAllLines(awsArgs)).containsSequence("--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:4566",
                "--cluster");
    }

    @Test
    void interactive_without_the_session_manager_plugin_on_path_starts_nothing_and_exits_with_125() throws Exception {
        Files.delete(bin.resolve("session-manager-plugin"));
        List<String> withDir = new ArrayList<>(List.of("--dir", repo.toString()));
        withDir.addAll(documented("./rambla run --interactive shop production"));

        assertThat(command(bin).run(withDir)).isEqualTo(125);

        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("rambla run: --interactive opens the session with "
                + "`aws ecs execute-command`, which needs the Session Manager plugin (`session-manager-plugin`")
                .contains("(nothing was started)");
        assertThat(fake.operations()).isEmpty();
        assertThat(awsArgs).doesNotExist();
    }

    @Test
    void a_timeout_stops_the_task_prints_what_it_wrote_and_exits_with_124() throws Exception {
        var exit = start(List.of("--timeout", "3s", "shop", "production", "sleep", "3600"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> !fake.requests("RunTask").isEmpty());
        write(List.of("sleeping"));

        assertThat(exit.get(60, TimeUnit.SECONDS)).isEqualTo(124);
        assertThat(printed()).containsExactly("sleeping");
        assertThat(fake.requests("StopTask")).hasSize(1);
        assertThat(fake.requests("StopTask").get(0).path("reason").asText()).isEqualTo("Rambla: the run's timeout of 3 s passed");
        assertThat(fake.requests("StopTask").get(0).path("task").asText()).isEqualTo(FakeEcs.TASK_ARN);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("was still running after 3 s; Rambla stopped it");
    }

    @Test
    void a_task_that_never_started_exits_with_125_and_ecs_reason() throws Exception {
        ecs.neverStarted("ResourceInitializationError: unable to pull secrets or registry auth",
                "CannotPullContainerError: shop:1.27: not found");

        assertThat(start(List.of("shop", "production", "true")).get(60, TimeUnit.SECONDS)).isEqualTo(125);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("stopped without an exit code: TaskFailedToStart: "
                + "ResourceInitializationError: unable to pull secrets or registry auth: CannotPullContainerError: shop:1.27: not found");
    }

    @Test
    void an_unknown_app_or_environment_or_a_missing_stack_runs_nothing_and_says_which() throws Exception {
        assertThat(start(List.of("shp", "production", "true")).get(60, TimeUnit.SECONDS)).isEqualTo(125);
        assertThat(start(List.of("shop", "staging", "true")).get(60, TimeUnit.SECONDS)).isEqualTo(125);
        assertThat(start(List.of("blog", "production", "true")).get(60, TimeUnit.SECONDS)).isEqualTo(125);

        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "rambla run: no app `shp` in this repository; its apps: backoffice, blog, shop",
                "rambla run: app `shop` has no environment `staging`; its environments: production",
                "rambla run: stack " + prefix + "-app-blog-production of app/blog/production does not exist in us-east-1: "
                        + "the app environment has not been deployed yet");
        assertThat(fake.requests("RunTask")).isEmpty();
    }

    @Test
    void ctrl_c_stops_the_task_prints_what_it_wrote_and_exits_with_130() throws Exception {
        Path stdout = repo.resolve("run.out");
        Path stderr = repo.resolve("run.err");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RunInterruptMain.class.getName(), fake.server.baseUrl(), Emulator.ENDPOINT,
                "--dir", repo.toString(), "shop", "production", "bundle", "exec", "rails", "runner", "Shop.fix!"));
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            await().atMost(60, TimeUnit.SECONDS).until(() -> !fake.requests("RunTask").isEmpty());
            write(List.of("fixing 3 orders"));
            await().atMost(30, TimeUnit.SECONDS).until(() -> Files.readString(stdout).contains("fixing 3 orders"));

            new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(130);
            assertThat(fake.requests("StopTask")).hasSize(1);
            assertThat(fake.requests("StopTask").get(0).path("reason").asText()).isEqualTo("Rambla: stopped by the user who ran it");
            assertThat(Files.readString(stdout)).isEqualTo("fixing 3 orders\n");
            assertThat(Files.readString(stderr)).contains("task " + FakeEcs.TASK_ARN + " stopped on request");
        } finally {
            process.destroyForcibly();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(source -> {
                Path target = to.resolve(from.relativize(source).toString());
                try {
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
