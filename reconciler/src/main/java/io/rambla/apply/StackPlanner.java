package io.rambla.apply;

import io.rambla.plan.ChangeSet;
import io.rambla.plan.Decision;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.render.BeforeDeployTask;
import io.rambla.render.StackTags;
import io.rambla.retry.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plan-only ({@code rambla.apply.plan-only}): creates each change set, reads it and deletes it,
 * and the empty stack a {@code CREATE} change set leaves behind; never executes anything, never
 * runs {@code before_deploy}, never deletes a stack it did not just make.
 */
public final class StackPlanner implements StackExecutor {

    private final CloudFormationStacks stacks;
    private final ChangeSetRunner runner;

    public StackPlanner(CloudFormationStacks stacks, Backoff backoff, Duration operationTimeout) {
        this.stacks = stacks;
        this.runner = new ChangeSetRunner(stacks, backoff, operationTimeout, Clock.systemUTC());
    }

    @Override
    /** Plan-only executes nothing, so there is nothing to hold: {@code approval} is not asked. */
    public ApplyOutcome apply(DesiredState desired, String unitId, String revision, Optional<LiveStack> snapshot,
            Optional<BeforeDeployTask> beforeDeployTask, io.rambla.plan.ApprovalGate approval) {
        return stacks.exclusively(desired.stackName(), () -> Preflight.run(desired, snapshot, stacks, runner)
                .orElse(Preflight.Proceed.class, proceed -> plan(desired, unitId, revision, proceed.decision())));
    }

    private ApplyOutcome plan(DesiredState desired, String unitId, String revision, Decision decision) {
        if (decision instanceof Decision.DeleteFailedThenCreate failed) {
            return new ApplyOutcome(ApplyOutcome.Result.PLANNED, "would delete the failed stack (" + failed.previousStatus()
                    + ") and create it again", null, List.of(), Map.of());
        }
        boolean create = decision instanceof Decision.Create;
        String hash = desired.hash();
        DesiredState tagged = desired.tagged(revision);
        return Preflight.changeSet(tagged, hash, revision, create, stacks, runner)
                .orElse(Preflight.ChangeSetMade.class, made -> discard(tagged, hash, unitId, revision, create, made.changeSet()));
    }

    /** Reads the change set and deletes it, with the empty stack a CREATE change set leaves. */
    private ApplyOutcome discard(DesiredState tagged, String hash, String unitId, String revision, boolean create, ChangeSet changeSet) {
        stacks.deleteChangeSet(changeSet.id());
        if (create) {
            // A CREATE change set makes an empty stack in REVIEW_IN_PROGRESS; leave nothing behind.
            stacks.deleteStack(tagged.stackName(), ChangeSetRunner.token("discard-plan", unitId, revision + hash));
        }
        Optional<LiveStack> after = stacks.describe(tagged.stackName()).filter(s -> !s.deleted());
        return new ApplyOutcome(ApplyOutcome.Result.PLANNED, "plan only: would " + (create ? "create: " : "update: ")
                + StackApplier.summarize(changeSet), after.map(s -> s.tag(StackTags.COMMIT)).orElse(null), changeSet.changes(),
                after.map(LiveStack::outputs).orElse(Map.of()));
    }

    /** Says what pruning would delete; never deletes. The sync does not prune in plan-only mode. */
    @Override
    public ApplyOutcome delete(String stackName, String unitId, String revision) {
        return new ApplyOutcome(ApplyOutcome.Result.PLANNED, "plan only: would delete " + stackName, null, List.of(), Map.of());
    }

    @Override
    public List<LiveStack> liveStacks() {
        return stacks.list();
    }

    @Override
    public List<LiveStack> liveStacks(boolean full) {
        return stacks.listing(full);
    }

    @Override
    public boolean changesStacks() {
        return false;
    }

    @Override
    public io.rambla.plan.Amis.Lookup amiLookup() {
        return stacks.amiLookup();
    }

    @Override
    public void place(java.util.Map<String, String> regionByStack) {
        stacks.place(regionByStack);
    }
}
