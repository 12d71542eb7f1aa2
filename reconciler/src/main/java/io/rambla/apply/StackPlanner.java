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
    public ApplyOutcome apply(DesiredState desired, String unitId, String revision, Optional<LiveStack> snapshot,
            Optional<BeforeDeployTask> beforeDeployTask) {
        var preflight = Preflight.run(desired, snapshot, stacks, runner);
        if (preflight instanceof Preflight.Done done) {
            return done.outcome();
        }
        Decision decision = ((Preflight.Proceed) preflight).decision();
        if (decision instanceof Decision.DeleteFailedThenCreate failed) {
            return new ApplyOutcome(ApplyOutcome.Result.PLANNED, "would delete the failed stack (" + failed.previousStatus()
                    + ") and create it again", null, List.of(), Map.of());
        }
        boolean create = decision instanceof Decision.Create;
        String hash = desired.hash();
        DesiredState tagged = desired.tagged(revision);
        String name = "rambla-" + revision.substring(0, Math.min(12, revision.length())) + "-" + hash.substring(0, 8)
                + "-" + Long.toString(System.currentTimeMillis(), 36);
        var computed = runner.compute(() -> stacks.createChangeSet(tagged, name, create));
        if (computed instanceof ChangeSetRunner.Computed.Empty) {
            LiveStack live = stacks.describe(tagged.stackName()).orElseThrow();
            return new ApplyOutcome(ApplyOutcome.Result.UNCHANGED, "no changes", live.tag(StackTags.COMMIT), List.of(), live.outputs());
        }
        if (computed instanceof ChangeSetRunner.Computed.Failed failed) {
            return ApplyOutcome.failed(failed.message());
        }
        ChangeSet changeSet = computed.changeSet();
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
    public boolean changesStacks() {
        return false;
    }
}
