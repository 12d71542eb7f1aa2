package io.rambla.run;

/**
 * A task as DescribeTasks tells it, reduced to what a run needs.
 *
 * @param exitCode        the one-off container's exit code once it has one
 * @param stopCode        ECS's stop code ({@code EssentialContainerExited}, {@code TaskFailedToStart}, ...)
 * @param stoppedReason   ECS's words for why the task stopped
 * @param containerReason the container's own reason, such as {@code CannotPullContainerError: ...}
 */
public record TaskStatus(String lastStatus, Integer exitCode, String stopCode, String stoppedReason, String containerReason) {

    public boolean stopped() {
        return "STOPPED".equals(lastStatus);
    }
}
