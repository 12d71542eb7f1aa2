package io.rambla.run;

import java.util.UUID;
import java.util.function.Function;

/**
 * Starts a one-off task of a unit the daemon tracks, without following it: what
 * {@code POST /api/units/<id>/run} does. The task is the same as {@code rambla run --detach}'s.
 */
public final class UnitRuns {

    private final StackOutputs outputs;
    private final Function<String, EcsTasks> ecs;

    /** @param ecs the ECS of a region */
    public UnitRuns(StackOutputs outputs, Function<String, EcsTasks> ecs) {
        this.outputs = outputs;
        this.ecs = ecs;
    }

    /**
     * The target of {@code stack}: its outputs as they are live.
     *
     * @throws RunException when the stack is missing or lacks the one-off outputs
     */
    public RunTarget target(AppStack stack) {
        return outputs.target(stack);
    }

    /**
     * Starts {@code spec}'s command on {@code target} and returns the task's ARN.
     *
     * @throws RunException when ECS refuses
     */
    public String start(RunTarget target, RunSpec spec) {
        return ecs.apply(target.region()).start(target, spec, UUID.randomUUID().toString().replace("-", "")).taskArn();
    }
}
