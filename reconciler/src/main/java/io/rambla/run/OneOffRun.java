package io.rambla.run;

import io.rambla.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs one command as a one-off task and follows it to its end: starts the task, passes every line
 * its container writes to CloudWatch Logs on in order while polling the task, stops it past the
 * timeout or when the caller cancels, and once it has stopped reads the rest of its log before
 * telling how it ended. The IO is behind {@link EcsTasks} and {@link TaskLogs}; time comes from
 * the clock and sleeper given.
 */
public final class OneOffRun {

    /** Log pages read in one go before the task is looked at again; bounds a flood of output. */
    static final int PAGES_PER_POLL = 50;
    /** Log pages read after the task stopped; what is past this is left in CloudWatch Logs. */
    static final int PAGES_AFTER_STOP = 1000;

    private final EcsTasks ecs;
    private final TaskLogs logs;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration poll;

    public OneOffRun(EcsTasks ecs, TaskLogs logs, Clock clock, Sleeper sleeper, Duration poll) {
        this.ecs = ecs;
        this.logs = logs;
        this.clock = clock;
        this.sleeper = sleeper;
        this.poll = poll;
    }

    /**
     * Runs {@code spec} on {@code target}.
     *
     * @param started   told the task's ARN as soon as ECS has started it
     * @param lines     every line of the container's output, in order
     * @param cancelled asked between polls; true stops the task
     */
    public RunOutcome run(RunTarget target, RunSpec spec, String clientToken, Consumer<String> started, Consumer<String> lines,
            BooleanSupplier cancelled) {
        EcsTasks.StartedTask task;
        try {
            task = ecs.start(target, spec, clientToken);
        } catch (RunException e) {
            return new RunOutcome.NotRun(null, e.getMessage());
        }
        started.accept(task.taskArn());
        if (spec.detach()) {
            return new RunOutcome.Detached(task.taskArn());
        }
        return follow(target, spec, task, lines, cancelled);
    }

    private RunOutcome follow(RunTarget target, RunSpec spec, EcsTasks.StartedTask task, Consumer<String> lines,
            BooleanSupplier cancelled) {
        Instant deadline = spec.timeout() == null ? null : clock.instant().plus(spec.timeout());
        String token = null;
        String arn = task.taskArn();
        try {
            while (true) {
                token = read(task.logs(), token, lines, PAGES_PER_POLL);
                if (cancelled.getAsBoolean()) {
                    ecs.stop(target, arn, "Rambla: stopped by the user who ran it");
                    read(task.logs(), token, lines, PAGES_AFTER_STOP);
                    return new RunOutcome.Cancelled(arn);
                }
                if (deadline != null && !clock.instant().isBefore(deadline)) {
                    ecs.stop(target, arn, "Rambla: the run's timeout of " + Durations.format(spec.timeout()) + " passed");
                    read(task.logs(), token, lines, PAGES_AFTER_STOP);
                    return new RunOutcome.TimedOut(arn, spec.timeout());
                }
                TaskStatus status = ecs.describe(target, arn);
                if (status.stopped()) {
                    // The container's last lines may reach CloudWatch Logs after ECS reports the task stopped.
                    read(task.logs(), token, lines, PAGES_AFTER_STOP);
                    return status.exitCode() != null
                            ? new RunOutcome.Exited(arn, status.exitCode())
                            : new RunOutcome.StoppedWithoutExitCode(arn, status.stopCode(), status.stoppedReason(), status.containerReason());
                }
                sleeper.sleep(poll);
            }
        } catch (RunException e) {
            return new RunOutcome.NotRun(arn, "cannot follow the task, which may still be running: " + e.getMessage());
        }
    }

    /**
     * Reads pages until the token stops moving (CloudWatch Logs' end of the stream) or {@code pages}
     * were read; returns the token to go on from. While the task runs an empty page ends the read too:
     * the next poll reads on from there.
     */
    private String read(TaskLogs.Stream stream, String token, Consumer<String> lines, int pages) {
        if (stream == null) {
            return token;
        }
        boolean draining = pages == PAGES_AFTER_STOP;
        for (int i = 0; i < pages; i++) {
            TaskLogs.Page page = logs.read(stream, token);
            page.messages().forEach(lines);
            if (page.next() == null || page.next().equals(token)) {
                return token;
            }
            token = page.next();
            if (page.messages().isEmpty() && !draining) {
                return token;
            }
        }
        return token;
    }
}
