package io.rambla.apply;

import java.time.Duration;

/** How a one-off task ended, as ECS told it. {@link BeforeDeploy#verdict} decides what it means. */
public sealed interface OneOffTaskResult {

    /** The task stopped and its container reported an exit code. */
    record Exited(String taskArn, int exitCode) implements OneOffTaskResult {}

    /**
     * The task stopped without an exit code from its container: it never started (image pull,
     * secrets, network) or was stopped from outside.
     */
    record StoppedWithoutExitCode(String taskArn, String stopCode, String stoppedReason, String containerReason)
            implements OneOffTaskResult {}

    /** RunTask placed no task (for example {@code RESOURCE:MEMORY}). */
    record NotPlaced(String reason) implements OneOffTaskResult {}

    /** The task did not stop in time; it was left running. */
    record TimedOut(String taskArn, String lastStatus, Duration waited) implements OneOffTaskResult {}

    /** An ECS call failed before the task's end was known (access denied, unknown cluster, ...). */
    record NotRun(String reason) implements OneOffTaskResult {}
}
