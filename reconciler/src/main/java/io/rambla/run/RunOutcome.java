package io.rambla.run;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * How a one-off run ended, and the exit code {@code rambla run} ends with: the container's own
 * when it has one; otherwise the codes {@code timeout(1)} and {@code docker run} use, so scripts
 * can tell "the command failed" from "the command never ran".
 */
public sealed interface RunOutcome {

    /** The task could not be followed to its end, or never started; {@code docker run}'s code for its own errors. */
    int NOT_RUN = 125;
    /** {@code timeout(1)}'s code for a command it stopped. */
    int TIMED_OUT = 124;
    /** A shell's code for a command stopped by Ctrl-C (128 + SIGINT). */
    int CANCELLED = 130;

    int exitCode();

    /** One line for the terminal's error stream. */
    String message();

    /** The container exited with {@code code}. */
    record Exited(String taskArn, int code) implements RunOutcome {
        public int exitCode() {
            return code;
        }

        public String message() {
            return "task " + taskArn + " exited with " + code;
        }
    }

    /** The task stopped without an exit code: its container never ran (image, secrets, network) or was killed. */
    record StoppedWithoutExitCode(String taskArn, String stopCode, String stoppedReason, String containerReason)
            implements RunOutcome {
        public int exitCode() {
            return NOT_RUN;
        }

        public String message() {
            String reason = String.join(": ", Stream.of(stopCode, stoppedReason, containerReason)
                    .filter(p -> p != null && !p.isBlank()).toList());
            return "task " + taskArn + " stopped without an exit code: " + (reason.isEmpty() ? "ECS gave no reason" : reason);
        }
    }

    /** The interactive session ended with {@code code}, the exit status of {@code aws ecs execute-command}; the task was then stopped. */
    record SessionEnded(String taskArn, int code) implements RunOutcome {
        public int exitCode() {
            return code;
        }

        public String message() {
            return "the session in task " + taskArn + " ended with " + code + "; Rambla stopped the task";
        }
    }

    /** The task ran past the timeout and was stopped. */
    record TimedOut(String taskArn, Duration timeout) implements RunOutcome {
        public int exitCode() {
            return TIMED_OUT;
        }

        public String message() {
            return "task " + taskArn + " was still running after " + Durations.format(timeout) + "; Rambla stopped it";
        }
    }

    /** The user asked to stop (Ctrl-C) and the task was stopped. */
    record Cancelled(String taskArn) implements RunOutcome {
        public int exitCode() {
            return CANCELLED;
        }

        public String message() {
            return "task " + taskArn + " stopped on request";
        }
    }

    /** Started and not followed ({@code --detach}). */
    record Detached(String taskArn) implements RunOutcome {
        public int exitCode() {
            return 0;
        }

        public String message() {
            return "task " + taskArn + " started";
        }
    }

    /** Nothing ran, or the run could not be followed: {@code reason} says why. */
    record NotRun(String taskArn, String reason) implements RunOutcome {
        public int exitCode() {
            return NOT_RUN;
        }

        public String message() {
            return taskArn == null ? reason : "task " + taskArn + ": " + reason;
        }
    }
}
