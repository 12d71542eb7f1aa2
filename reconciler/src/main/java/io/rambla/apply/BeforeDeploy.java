package io.rambla.apply;

import io.rambla.plan.LiveStack;
import io.rambla.render.BeforeDeployTask;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs an app environment's {@code before_deploy} between computing its change set and executing
 * it, and decides from the task's end whether the change set may run. The decisions
 * ({@link #gate}'s cases, {@link #request}, {@link #verdict}) are pure; the task itself runs
 * behind {@link OneOffTasks}.
 *
 * <p>On a stack's first creation nothing is run: the roles, log group, security group and task
 * definition the task needs are created by that very change set, and there is no earlier
 * version for the command to prepare for. Barcelona did the same (it created heritages with
 * {@code without_before_deploy: true}).
 */
public final class BeforeDeploy {

    /** The configuration switch that turns running one-off tasks off, named in messages. */
    public static final String SWITCH = "rambla.apply.before-deploy";

    private final Optional<OneOffTasks> tasks;

    private BeforeDeploy(Optional<OneOffTasks> tasks) {
        this.tasks = tasks;
    }

    /** Runs {@code before_deploy} through {@code tasks}. */
    public static BeforeDeploy running(OneOffTasks tasks) {
        return new BeforeDeploy(Optional.of(tasks));
    }

    /** Never runs {@code before_deploy}, and says so in every unit that has one (the emulator has no ECS). */
    public static BeforeDeploy switchedOff() {
        return new BeforeDeploy(Optional.empty());
    }

    /**
     * Whether the change set may be executed, and what to tell about {@code before_deploy}.
     *
     * @param live     the stack as it is before the change set runs; empty when it is being created
     */
    public Gate gate(String unitId, BeforeDeployTask task, Optional<LiveStack> live) {
        return gate(unitId, task, live, null);
    }

    /**
     * As {@link #gate(String, BeforeDeployTask, Optional)}, with RunTask's idempotency token: the
     * same token for the same deployment, so a restart does not run the command a second time.
     */
    public Gate gate(String unitId, BeforeDeployTask task, Optional<LiveStack> live, String clientToken) {
        if (live.isEmpty()) {
            return Gate.proceed(named(task) + " not run: the stack is being created, and the roles and task definition it "
                    + "needs come with it; it runs before every later deployment");
        }
        if (tasks.isEmpty()) {
            return Gate.proceed(named(task) + " not run: one-off tasks are switched off (" + SWITCH + ": skip)");
        }
        List<String> missing = missingOutputs(live.get());
        if (!missing.isEmpty()) {
            return Gate.stop(named(task) + " cannot run: stack " + live.get().name() + " has no output "
                    + String.join(", ", missing));
        }
        return verdict(task, tasks.get().run(request(unitId, task, live.get()).withClientToken(clientToken)));
    }

    /** The outputs of the live app stack a one-off task is built from, that it lacks. */
    static List<String> missingOutputs(LiveStack live) {
        return Stream.of(BeforeDeployTask.OUTPUT_TASK_DEFINITION_ARN, BeforeDeployTask.OUTPUT_CLUSTER_NAME,
                        BeforeDeployTask.OUTPUT_CAPACITY_PROVIDER, BeforeDeployTask.OUTPUT_SUBNET_IDS,
                        BeforeDeployTask.OUTPUT_SECURITY_GROUP_ID)
                .filter(key -> live.outputs().get(key) == null || live.outputs().get(key).isBlank())
                .toList();
    }

    /** The task to run, from the live stack's outputs; {@link #missingOutputs} must be empty. */
    static OneOffTaskRequest request(String unitId, BeforeDeployTask task, LiveStack live) {
        var outputs = live.outputs();
        List<String> subnets = Arrays.stream(outputs.get(BeforeDeployTask.OUTPUT_SUBNET_IDS).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new OneOffTaskRequest(unitId, outputs.get(BeforeDeployTask.OUTPUT_TASK_DEFINITION_ARN), BeforeDeployTask.CONTAINER,
                task, outputs.get(BeforeDeployTask.OUTPUT_CLUSTER_NAME), outputs.get(BeforeDeployTask.OUTPUT_CAPACITY_PROVIDER),
                subnets, outputs.get(BeforeDeployTask.OUTPUT_SECURITY_GROUP_ID));
    }

    /** Exit code 0 lets the deployment go on; anything else stops it, saying why. */
    static Gate verdict(BeforeDeployTask task, OneOffTaskResult result) {
        String named = named(task);
        if (result instanceof OneOffTaskResult.Exited exited) {
            return exited.exitCode() == 0
                    ? Gate.proceed(named + " exited with 0 (task " + exited.taskArn() + ")")
                    : Gate.stop(named + " exited with " + exited.exitCode() + " (task " + exited.taskArn() + ")");
        }
        if (result instanceof OneOffTaskResult.StoppedWithoutExitCode stopped) {
            return Gate.stop(named + " stopped without an exit code (task " + stopped.taskArn() + "): "
                    + join(stopped.stopCode(), stopped.stoppedReason(), stopped.containerReason()));
        }
        if (result instanceof OneOffTaskResult.NotPlaced notPlaced) {
            return Gate.stop(named + " could not be started: " + notPlaced.reason());
        }
        if (result instanceof OneOffTaskResult.TimedOut timedOut) {
            return Gate.stop(named + " was still " + timedOut.lastStatus() + " after " + human(timedOut.waited())
                    + " (task " + timedOut.taskArn() + "); Rambla stopped the task");
        }
        return Gate.stop(named + " could not be run: " + ((OneOffTaskResult.NotRun) result).reason());
    }

    private static String named(BeforeDeployTask task) {
        return "before_deploy `" + task.commandLine() + "`";
    }

    private static String human(java.time.Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    private static String join(String... parts) {
        String joined = String.join(": ", Stream.of(parts).filter(p -> p != null && !p.isBlank()).toList());
        return joined.isEmpty() ? "ECS gave no reason" : joined;
    }

    /**
     * @param proceed whether the change set may be executed
     * @param message what happened, for the unit's status
     */
    public record Gate(boolean proceed, String message) {

        static Gate proceed(String message) {
            return new Gate(true, message);
        }

        static Gate stop(String message) {
            return new Gate(false, message);
        }
    }
}
