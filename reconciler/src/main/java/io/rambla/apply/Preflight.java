package io.rambla.apply;

import io.rambla.plan.Decision;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.plan.Planner;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every {@link StackExecutor} takes before a change set: decide from the listing's
 * snapshot when it already shows the desired hash, else read the stack, wait out another
 * operation, and settle what needs no change set (unchanged, stuck, still busy).
 */
sealed interface Preflight {

    Logger LOG = LoggerFactory.getLogger(Preflight.class);

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
        Instant waitingSince = Instant.now();
        if (decision instanceof Decision.WaitForOperation waitFor) {
            LOG.info("waiting for stack {}, which is {}, for at most {}", desired.stackName(), waitFor.status(), runner.operationTimeout());
            live = runner.awaitSettled(desired.stackName());
            decision = Planner.decide(desired, live);
        }
        if (decision instanceof Decision.NotOwned notOwned) {
            LOG.error("refused: {}", notOwned.reason());
            return new Done(ApplyOutcome.failed("refused: " + notOwned.reason()));
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
            return new Done(ApplyOutcome.failed("stack " + desired.stackName() + " is still " + waiting.status() + " after waiting since "
                    + waitingSince.truncatedTo(ChronoUnit.SECONDS) + " for " + runner.operationTimeout() + " (rambla.apply.operation-timeout)"));
        }
        return new Proceed(decision, live);
    }
}
