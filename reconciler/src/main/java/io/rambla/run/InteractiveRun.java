package io.rambla.run;

import io.rambla.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code rambla run --interactive}: starts a one-off task with ECS Exec enabled whose container only
 * waits ({@code sleep}, for the run's timeout), waits until the task and its ECS Exec agent run,
 * hands the terminal to the session that runs the command in that container, and stops the task
 * once the session ends, whatever its end. The IO is behind {@link EcsTasks} and {@link Terminal};
 * time comes from the clock and sleeper given.
 */
public final class InteractiveRun {

    /** How long the task waits for a session when the run gives no timeout; it stops by itself after that. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofHours(1);
    /** How long the task and its ECS Exec agent may take to start: placing, pulling the image, starting the agent. */
    public static final Duration START_LIMIT = Duration.ofMinutes(10);

    private final EcsTasks ecs;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration poll;

    public InteractiveRun(EcsTasks ecs, Clock clock, Sleeper sleeper, Duration poll) {
        this.ecs = ecs;
        this.clock = clock;
        this.sleeper = sleeper;
        this.poll = poll;
    }

    /** What the task's container runs while the session lasts: {@code sleep} for the timeout, in whole seconds. */
    public static RunSpec keepAlive(RunSpec spec) {
        Duration alive = spec.timeout() == null ? DEFAULT_KEEP_ALIVE : spec.timeout();
        long seconds = Math.max(1, (alive.toMillis() + 999) / 1000);
        return new RunSpec(List.of("sleep", Long.toString(seconds)), spec.cpu(), spec.memory(), null, false);
    }

    /**
     * Runs {@code spec}'s command in a session on a task of {@code target}.
     *
     * @param session   the session's command line for a task ARN
     * @param started   told the task's ARN as soon as ECS has started it
     * @param cancelled asked while the task starts and while the session runs; true ends the session and stops the task
     */
    public RunOutcome run(RunTarget target, RunSpec spec, String clientToken, Function<String, List<String>> session,
            Terminal terminal, Consumer<String> started, BooleanSupplier cancelled) {
        String arn;
        try {
            arn = ecs.start(target, keepAlive(spec), clientToken, true).taskArn();
        } catch (RunException e) {
            return new RunOutcome.NotRun(null, e.getMessage());
        }
        started.accept(arn);
        try {
            RunOutcome notReady = awaitExecAgent(target, arn, cancelled);
            if (notReady != null) {
                return notReady;
            }
        } catch (RunException e) {
            return stopped(target, arn, new RunOutcome.NotRun(arn, "cannot follow the task: " + e.getMessage()));
        }
        int code;
        try {
            code = terminal.attach(session.apply(arn), cancelled);
        } catch (RunException e) {
            return stopped(target, arn, new RunOutcome.NotRun(arn, e.getMessage()));
        }
        return stopped(target, arn, cancelled.getAsBoolean() ? new RunOutcome.Cancelled(arn) : new RunOutcome.SessionEnded(arn, code));
    }

    /** Null once the task and its agent run; otherwise how the run ended while waiting (the task stopped if it may still run). */
    private RunOutcome awaitExecAgent(RunTarget target, String arn, BooleanSupplier cancelled) {
        Instant deadline = clock.instant().plus(START_LIMIT);
        while (true) {
            if (cancelled.getAsBoolean()) {
                return stopped(target, arn, new RunOutcome.Cancelled(arn));
            }
            TaskStatus status = ecs.describe(target, arn);
            if (status.stopped()) {
                return new RunOutcome.NotRun(arn, "the task stopped before the session could open: " + reasons(status));
            }
            if (status.readyForExec()) {
                return null;
            }
            if (!clock.instant().isBefore(deadline)) {
                return stopped(target, arn, new RunOutcome.NotRun(arn, "the task's ECS Exec agent was not running after "
                        + Durations.format(START_LIMIT) + " (task " + status.lastStatus() + ", agent "
                        + (status.execAgent() == null ? "not reported" : status.execAgent()) + ")"));
            }
            sleeper.sleep(poll);
        }
    }

    private RunOutcome stopped(RunTarget target, String arn, RunOutcome outcome) {
        try {
            ecs.stop(target, arn, "Rambla: the interactive session ended");
        } catch (RunException e) {
            return new RunOutcome.NotRun(arn, outcome.message() + "; stopping the task failed, it runs until its sleep ends: "
                    + e.getMessage());
        }
        return outcome;
    }

    private static String reasons(TaskStatus status) {
        String reason = String.join(": ", Stream.of(status.stopCode(), status.stoppedReason(), status.containerReason(),
                        status.exitCode() == null ? null : "exit code " + status.exitCode())
                .filter(p -> p != null && !p.isBlank()).toList());
        return reason.isEmpty() ? "ECS gave no reason" : reason;
    }
}
