package io.rambla.apply;

import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.render.BeforeDeployTask;
import java.util.List;
import java.util.Optional;

/**
 * What the sync does with each unit's stack: {@link StackApplier} brings it to its desired state,
 * {@link StackPlanner} (plan-only) says what that would change and changes nothing. Both take the
 * same first steps ({@link Preflight}).
 */
public sealed interface StackExecutor permits StackApplier, StackPlanner {

    /**
     * @param desired          the stack without Rambla's bookkeeping tags
     * @param unitId           the unit, for idempotency tokens and messages
     * @param revision         the commit being reconciled
     * @param snapshot         the stack as a bulk listing at the start of the sync saw it; when it
     *                         already carries the desired hash, no further call is made for this unit
     * @param beforeDeployTask the unit's {@code before_deploy}, run by an applier before executing
     */
    default ApplyOutcome apply(DesiredState desired, String unitId, String revision, Optional<LiveStack> snapshot,
            Optional<BeforeDeployTask> beforeDeployTask) {
        return apply(desired, unitId, revision, snapshot, beforeDeployTask, io.rambla.plan.ApprovalGate.OPEN);
    }

    /**
     * @param approval whether the unit's change set may run without an operator's approval of this
     *                 commit; an applier that it holds deletes the change set and answers {@code HELD}
     */
    ApplyOutcome apply(DesiredState desired, String unitId, String revision, Optional<LiveStack> snapshot,
            Optional<BeforeDeployTask> beforeDeployTask, io.rambla.plan.ApprovalGate approval);

    /** Deletes a unit's stack (an applier), or says it would (a planner). */
    ApplyOutcome delete(String stackName, String unitId, String revision);

    /** Reads districts' AMI ids from SSM, where the stacks live. */
    io.rambla.plan.Amis.Lookup amiLookup();

    /** Where each stack lives, by stack name → region (its district's), before it is planned. */
    void place(java.util.Map<String, String> regionByStack);

    /** Every live stack, for the sync's snapshot and for finding orphans. */
    List<LiveStack> liveStacks();

    /**
     * The live stacks for the sync's snapshot, from the port's listing cache when it has one
     * ({@link CloudFormationStacks#listing}); {@code full} lists them afresh.
     */
    default List<LiveStack> liveStacks(boolean full) {
        return liveStacks();
    }

    /** Whether this executor changes stacks; a planner never does, so pruning is off with it. */
    boolean changesStacks();
}
