package io.rambla.run;

/**
 * The ECS calls a one-off run makes. The adapter ({@link AwsEcsTasks}) converts every SDK error
 * into a {@link RunException} that says what failed.
 */
public interface EcsTasks {

    /**
     * Starts one task of {@code target}'s one-off task definition with {@code spec}'s command and size.
     *
     * @throws RunException when ECS refuses or places no task, with its reason
     */
    default StartedTask start(RunTarget target, RunSpec spec, String clientToken) {
        return start(target, spec, clientToken, false);
    }

    /**
     * Starts one task as {@link #start(RunTarget, RunSpec, String)} does; with {@code enableExecuteCommand}
     * ECS starts the ECS Exec agent in it, so that a terminal session can be opened into its container.
     *
     * @throws RunException when ECS refuses or places no task, with its reason
     */
    StartedTask start(RunTarget target, RunSpec spec, String clientToken, boolean enableExecuteCommand);

    /** The task as ECS describes it now. */
    TaskStatus describe(RunTarget target, String taskArn);

    /** Asks ECS to stop the task, giving {@code reason} (shown as the task's stopped reason). */
    void stop(RunTarget target, String taskArn, String reason);

    /**
     * A task RunTask started.
     *
     * @param logs where its container's output goes, or null when its log driver is not awslogs
     */
    record StartedTask(String taskArn, TaskLogs.Stream logs) {}
}
