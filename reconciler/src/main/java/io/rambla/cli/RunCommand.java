package io.rambla.cli;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.config.AwsConfig;
import io.rambla.retry.Sleeper;
import io.rambla.run.AppStack;
import io.rambla.run.AwsEcsTasks;
import io.rambla.run.AwsStackOutputs;
import io.rambla.run.AwsTaskLogs;
import io.rambla.run.EcsTasks;
import io.rambla.run.ExecSession;
import io.rambla.run.InteractiveRun;
import io.rambla.run.OneOffRun;
import io.rambla.run.RunException;
import io.rambla.run.RunOutcome;
import io.rambla.run.RunTarget;
import io.rambla.run.StackOutputs;
import io.rambla.run.TaskLogs;
import io.rambla.run.Terminal;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * {@code rambla run APP ENV [--] COMMAND...}: a one-off task of an app environment, as Barcelona's
 * {@code bcn run}: the live one-off task definition of the environment's stack, on its district's
 * cluster and private subnets, with the command's output streamed from CloudWatch Logs and the
 * container's exit code as the command's own.
 */
final class RunCommand {

    static final String HELP = """
            Usage: rambla run [--interactive | --detach] [--cpu UNITS] [--memory MIB] [--timeout DURATION] [--dir DIR] [--endpoint URL]
                              APP ENV [--] COMMAND...

            Runs COMMAND once as an ECS task of app APP's environment ENV, declared in the repository at DIR
            (default: the current directory), with the image, environment (run_env included), secrets and roles
            of that environment's live one-off task definition, on its district's cluster, private subnets and
            one-off security group. Prints the command's output from CloudWatch Logs as it comes, and exits
            with the container's exit code. COMMAND is run without a shell: for pipes or variables, run
            sh -c '...'. Options go before APP; everything from COMMAND on is the command's, and -- ends
            Rambla's options explicitly.
              --interactive, -i    a terminal session in the container through ECS Exec (needs the aws CLI and
                                   session-manager-plugin on PATH); the task is stopped when it ends
              --detach, -d         start the task, print its ARN and return
              --cpu UNITS          the container's CPU units (1024 = 1 vCPU)
              --memory MIB         the container's memory in MiB
              --timeout DURATION   stop the task when it runs longer (90s, 30m, 2h or PT1H30M)
              --endpoint URL       an AWS endpoint such as a local emulator's (or RAMBLA_AWS_ENDPOINT)
            Ctrl-C stops the task. Exit status: the container's exit code (with --interactive, that of
            aws ecs execute-command); 124 the timeout stopped the task; 130 stopped by Ctrl-C; 125 nothing ran
            or the task could not be followed (unknown app or environment, no stack, the task never started,
            no aws CLI or session-manager-plugin for --interactive); 2 bad usage.
            """;

    /** The AWS parts of a run in one region. */
    record Clients(StackOutputs outputs, EcsTasks ecs, TaskLogs logs) {}

    private final PrintStream out;
    private final PrintStream err;
    private final Function<RunArguments, Function<String, Clients>> clients;
    private final Duration poll;
    private final Map<String, String> environment;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    RunCommand(PrintStream out, PrintStream err) {
        this(out, err, RunCommand::aws, Duration.ofSeconds(2));
    }

    /** @param clients the AWS parts of each region, from the arguments (their endpoint) */
    RunCommand(PrintStream out, PrintStream err, Function<RunArguments, Function<String, Clients>> clients, Duration poll) {
        this(out, err, clients, poll, System.getenv());
    }

    /** @param environment the process environment: its {@code PATH} is where --interactive looks for the aws CLI and the plugin */
    RunCommand(PrintStream out, PrintStream err, Function<RunArguments, Function<String, Clients>> clients, Duration poll,
            Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.clients = clients;
        this.poll = poll;
        this.environment = Map.copyOf(environment);
    }

    /** Asks the run to stop its task: what Ctrl-C does. */
    void cancel() {
        cancelled.set(true);
    }

    /** Runs with Ctrl-C stopping the task: the JVM's shutdown waits until the task is stopped and its last lines printed. */
    int runStoppingOnInterrupt(List<String> args) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancel();
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rambla-run-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(args);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and lets the JVM end now.
            }
        }
    }

    int run(List<String> args) {
        RunArguments arguments;
        try {
            arguments = RunArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("rambla run: " + e.getMessage());
            err.print(HELP);
            return 2;
        }
        if (arguments.help()) {
            out.print(HELP);
            return 0;
        }
        String path = environment.get("PATH");
        if (arguments.interactive()) {
            Optional<String> missing = ExecSession.missing(path);
            if (missing.isPresent()) {
                err.println("rambla run: " + missing.get());
                return RunOutcome.NOT_RUN;
            }
        }
        if (!Files.isDirectory(arguments.directory())) {
            err.println("rambla run: " + arguments.directory() + " is not a directory");
            return 2;
        }
        LoadResult loaded = RepositoryLoader.load(arguments.directory());
        if (loaded.hasErrors()) {
            loaded.diagnostics().forEach(err::println);
            err.println("rambla run: the repository at " + arguments.directory() + " has errors; nothing was run");
            return RunOutcome.NOT_RUN;
        }
        RunTarget target;
        Clients aws;
        try {
            AppStack stack = AppStack.find(loaded.repository(), arguments.app(), arguments.environment());
            aws = clients.apply(arguments).apply(stack.region());
            target = aws.outputs().target(stack);
        } catch (RunException | IllegalArgumentException e) {
            err.println("rambla run: " + e.getMessage());
            return RunOutcome.NOT_RUN;
        }
        String token = UUID.randomUUID().toString().replace("-", "");
        if (arguments.interactive()) {
            return interactive(arguments, target, aws, token, path);
        }
        var run = new OneOffRun(aws.ecs(), aws.logs(), Clock.systemUTC(), Sleeper.THREAD, poll);
        RunOutcome outcome = run.run(target, arguments.spec(), token,
                arn -> {
                    if (arguments.spec().detach()) {
                        out.println(arn);
                    } else {
                        err.println("rambla run: " + target.unitId() + ": running `" + arguments.spec().commandLine() + "` as task " + arn);
                    }
                },
                line -> {
                    out.println(line);
                    out.flush();
                },
                cancelled::get);
        if (!(outcome instanceof RunOutcome.Detached)) {
            err.println("rambla run: " + outcome.message());
        }
        return outcome.exitCode();
    }

    private int interactive(RunArguments arguments, RunTarget target, Clients aws, String token, String path) {
        Path cli = ExecSession.find(ExecSession.AWS_CLI, path).orElseThrow();
        String endpoint = endpoint(arguments, environment);
        var run = new InteractiveRun(aws.ecs(), Clock.systemUTC(), Sleeper.THREAD, poll);
        RunOutcome outcome = run.run(target, arguments.spec(), token,
                arn -> ExecSession.commandLine(cli, target, arn, arguments.spec(), endpoint), Terminal.inherited(path),
                arn -> err.println("rambla run: " + target.unitId() + ": task " + arn + " started; opening a session for `"
                        + arguments.spec().commandLine() + "` once its ECS Exec agent runs"),
                cancelled::get);
        err.println("rambla run: " + outcome.message());
        return outcome.exitCode();
    }

    private static String endpoint(RunArguments arguments, Map<String, String> environment) {
        String endpoint = arguments.endpoint() != null ? arguments.endpoint() : environment.get("RAMBLA_AWS_ENDPOINT");
        return endpoint == null || endpoint.isBlank() ? null : endpoint;
    }

    /** AWS in the unit's region, with the endpoint from --endpoint or RAMBLA_AWS_ENDPOINT and the default credentials. */
    private static Function<String, Clients> aws(RunArguments arguments) {
        String endpoint = endpoint(arguments, System.getenv());
        return region -> {
            var config = new AwsConfig(region, endpoint, null, null);
            var counter = new AwsCallCounter();
            var cloudFormation = AwsClientFactory.cloudFormation(config, counter);
            return new Clients(new AwsStackOutputs(r -> cloudFormation), new AwsEcsTasks(AwsClientFactory.ecs(config, counter)),
                    new AwsTaskLogs(AwsClientFactory.logs(config, counter)));
        };
    }
}
