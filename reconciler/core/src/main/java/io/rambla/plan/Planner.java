package io.rambla.plan;

import io.rambla.render.RenderedUnit;
import io.rambla.render.StackTags;
import java.util.List;
import java.util.Optional;

/**
 * Decides what units need. Pure: values in, a value out. {@link #plan} and {@link #decide(RenderedUnit, Snapshot)}
 * are the one planning path of the sync, {@code rambla plan} and pull-request review: resolve a
 * unit's upstream outputs, build its desired state, decide against its live stack.
 */
public final class Planner {

    private Planner() {}

    /** Each unit, in order, decided against the same snapshot. */
    public static List<UnitDecision> plan(List<RenderedUnit> units, Snapshot snapshot) {
        return units.stream().map(unit -> decide(unit, snapshot)).toList();
    }

    /** One unit: its parameters resolved from the snapshot's upstream outputs, then decided against its standing stack. */
    public static UnitDecision decide(RenderedUnit unit, Snapshot snapshot) {
        String stackName = unit.stack().stackName();
        Optional<LiveStack> live = snapshot.stack(stackName);
        Resolution resolution = Resolution.resolve(unit.stack().parameters(), snapshot.outputs());
        if (resolution instanceof Resolution.AwaitingUpstream awaiting) {
            return new UnitDecision.AwaitingUpstream(unit, awaiting, snapshot.outputs().containsKey(awaiting.unitId()),
                    decide(null, live));
        }
        var desired = new DesiredState(stackName, unit.stack().writtenBody(), ((Resolution.Resolved) resolution).parameters(),
                unit.stack().tags());
        return new UnitDecision.Ready(unit, desired, live, decide(desired, live));
    }

    /**
     * What a stack needs to reach {@code desired}; a {@code null} desired state (parameters not
     * known yet) is never unchanged.
     */
    public static Decision decide(DesiredState desired, Optional<LiveStack> live) {
        if (live.isEmpty() || live.get().deleted()) {
            return new Decision.Create();
        }
        LiveStack stack = live.get();
        // Without a desired state (parameters not known yet) nothing is applied, so ownership is judged once it is known.
        var refusal = desired == null ? Optional.<String>empty() : Ownership.refusal(desired, stack);
        if (refusal.isPresent()) {
            return new Decision.NotOwned(refusal.get());
        }
        if (stack.status().equals("REVIEW_IN_PROGRESS")) {
            // Only holds change sets a pull-request review made (or left, when its daemon was killed):
            // nothing runs on it, and a CREATE change set may be made on it as on no stack.
            return new Decision.Create();
        }
        if (stack.inProgress()) {
            return new Decision.WaitForOperation(stack.status());
        }
        if (stack.failedCreation()) {
            return new Decision.DeleteFailedThenCreate(stack.status());
        }
        if (stack.stackStatus().stuck()) {
            return new Decision.Stuck(stack.status(), stack.statusReason());
        }
        if (desired != null && desired.hash().equals(stack.tag(StackTags.DESIRED_HASH))) {
            return new Decision.NoChange(stack.tag(StackTags.COMMIT));
        }
        return new Decision.Update();
    }
}
