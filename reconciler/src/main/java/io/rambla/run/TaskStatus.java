package io.rambla.run;

/**
 * A task as DescribeTasks tells it, reduced to what a run needs.
 *
 * @param exitCode        the one-off container's exit code once it has one
 * @param stopCode        ECS's stop code ({@code EssentialContainerExited}, {@code TaskFailedToStart}, ...)
 * @param stoppedReason   ECS's words for why the task stopped
 * @param containerReason the container's own reason, such as {@code CannotPullContainerError: ...}
 * @param execAgent       the status of the container's ECS Exec agent ({@code PENDING}, {@code RUNNING}, ...),
 *                        or null when the task was started without ECS Exec
 */
public record TaskStatus(String lastStatus, Integer exitCode, String stopCode, String stoppedReason, String containerReason,
                         String execAgent) {

    /** A task started without ECS Exec. */
    public TaskStatus(String lastStatus, Integer exitCode, String stopCode, String stoppedReason, String containerReason) {
        this(lastStatus, exitCode, stopCode, stoppedReason, containerReason, null);
    }

    /** Running, with its ECS Exec agent running too: a session can be opened into it. */
    public boolean readyForExec() {
        return "RUNNING".equals(lastStatus) && "RUNNING".equals(execAgent);
    }

    public boolean stopped() {
        return "STOPPED".equals(lastStatus);
    }
}
