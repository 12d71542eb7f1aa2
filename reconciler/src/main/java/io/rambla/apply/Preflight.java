package io.rambla.apply;

import io.rambla.plan.Decision;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.plan.Planner;
import java.util.List;
import java.util.Optional;

/**
 * The steps every {@link StackExecutor} takes before a change set: decide from the listing's
 * snapshot when it already shows the desired hash, else read the stack, wait out another
 * operation, and settle what needs no change set (unchanged, stuck, still busy).
 */
sealed interface Preflight {

    /** The unit's outcome is known without a change set. */
    record Done(ApplyOutcome outcome) implements Preflight {}

    /** A change set is needed: create, update, or delete a failed creation first. */
    record Proceed(Decision decision, Optional<LiveStack> live) implements Preflight {}

    static Preflight run(DesiredState desired, Optional<LiveStack> snapshot, CloudFormationStacks stacks, ChangeSetRunner runner) {
        if (snapshot.isPresent() && Planner.decide(desired, snapshot) instanceof Decision.NoChange noChange) {
            return new Done(new ApplyOutcome(ApplyOutcome.Result.UNCHANGED, "up to date", noChange.appliedRevision(), List.of(),
                    snapshot.get().outputs()));
        }
        Optional<LiveStack> live = stacks.describe(desired.stackName());
        Decision decision = Planner.decide(desired, live);
        if (decision instanceof Decision.WaitForOperation) {
            live = runner.awaitSettled(desired.stackName());
            decision = Planner.decide(desired, live);
        }
        if (decision instanceof Decision.NoChange noChange) {
            return new Done(new ApplyOutcome(ApplyOutcome.Result.UNCHANGED, "up to date", noChange.appliedRevision(), List.of(),
                    live.get().outputs()));
        }
        if (decision instanceof Decision.Stuck stuck) {
            return new Done(ApplyOutcome.failed("stack " + desired.stackName() + " is " + stuck.status()
                    + (stuck.reason() == null ? "" : " (" + stuck.reason() + ")") + "; it needs manual attention"));
        }
        if (decision instanceof Decision.WaitForOperation waiting) {
            return new Done(ApplyOutcome.failed("stack " + desired.stackName() + " is still " + waiting.status() + " after "
                    + runner.operationTimeout()));
        }
        return new Proceed(decision, live);
    }
}
