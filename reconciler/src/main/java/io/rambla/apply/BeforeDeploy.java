package io.rambla.apply;

import io.rambla.plan.LiveStack;
import io.rambla.render.BeforeDeployTask;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Runs an app environment's {@code before_deploy} between the two steps of its rollout
 * ({@link io.rambla.plan.BeforeDeployRollout}), and decides from the task's end whether the
 * services may switch. The task runs the one-off task definition revision the first step
 * registered, with the roles and grants that step gave it, on ECS in the stack's own region. The
 * decisions ({@link #gate}'s cases, {@link #request}, {@link #verdict}, {@link #regionOf}) are
 * pure; the task itself runs behind {@link OneOffTasks}.
 */
public final class BeforeDeploy {

    /** The configuration switch that turns running one-off tasks off, named in messages. */
    public static final String SWITCH = "rambla.apply.before-deploy";

    /** {@code arn:aws:cloudformation:<region>:...}: where a stack id says the stack lives. */
    private static final java.util.regex.Pattern ARN_REGION = java.util.regex.Pattern.compile("^arn:aws[a-z-]*:cloudformation:([a-z0-9-]+):");

    private final Optional<Function<String, OneOffTasks>> tasks;

    private BeforeDeploy(Optional<Function<String, OneOffTasks>> tasks) {
        this.tasks = tasks;
    }

    /** Runs {@code before_deploy} through {@code tasks}, wherever the stack lives. */
    public static BeforeDeploy running(OneOffTasks tasks) {
        return new BeforeDeploy(Optional.of(region -> tasks));
    }

    /**
     * Runs {@code before_deploy} through the tasks of the stack's region: {@code byRegion} gets the
     * region from the stack's id, or null when the id names none (the daemon's own region then).
     */
    public static BeforeDeploy inRegions(Function<String, OneOffTasks> byRegion) {
        return new BeforeDeploy(Optional.of(byRegion));
    }

    /** Whether it runs tasks at all: switched off, a rollout needs no first step. */
    public boolean runs() {
        return tasks.isPresent();
    }

    /** The region in a stack's id, where its cluster and task definitions are. */
    static Optional<String> regionOf(LiveStack live) {
        if (live.stackId() == null) {
            return Optional.empty();
        }
        var m = ARN_REGION.matcher(live.stackId());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Never runs {@code before_deploy}, and says so in every unit that has one (the emulator has no ECS). */
    public static BeforeDeploy switchedOff() {
        return new BeforeDeploy(Optional.empty());
    }

    /**
     * Whether the services may switch, and what to tell about {@code before_deploy}.
     *
     * @param live the stack after the rollout's first step: its outputs name the one-off task
     *             definition revision to run, the cluster and the network
     */
    public Gate gate(String unitId, BeforeDeployTask task, Optional<LiveStack> live) {
        return gate(unitId, task, live, null);
    }

    /**
     * As {@link #gate(String, BeforeDeployTask, Optional)}, with RunTask's idempotency token: the
     * same token for the same deployment, so a restart does not run the command a second time.
     */
    public Gate gate(String unitId, BeforeDeployTask task, Optional<LiveStack> live, String clientToken) {
        if (tasks.isEmpty()) {
            return Gate.proceed(named(task) + " not run: one-off tasks are switched off (" + SWITCH + ": skip)");
        }
        if (live.isEmpty()) {
            return Gate.stop(named(task) + " cannot run: the stack is not there");
        }
        List<String> missing = missingOutputs(live.get());
        if (!missing.isEmpty()) {
            return Gate.stop(named(task) + " cannot run: stack " + live.get().name() + " has no output "
                    + String.join(", ", missing));
        }
        OneOffTasks inRegion = tasks.get().apply(regionOf(live.get()).orElse(null));
        return verdict(task, inRegion.runAsRegistered(request(unitId, task, live.get()).withClientToken(clientToken)));
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
