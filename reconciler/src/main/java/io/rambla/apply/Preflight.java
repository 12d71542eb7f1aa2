package io.rambla.apply;

import io.rambla.plan.ChangeSet;
import io.rambla.plan.Decision;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.plan.Planner;
import io.rambla.render.StackTags;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every {@link StackExecutor} takes up to a change set: decide from the listing's
 * snapshot when it already shows the desired hash, else read the stack, wait out another
 * operation, and settle what needs no change set (unchanged, stuck, still busy); then make the
 * change set ({@link #changeSet}) and settle what an empty or refused one means.
 */
sealed interface Preflight {

    Logger LOG = LoggerFactory.getLogger(Preflight.class);

    /** The outcome already settled ({@link Done}), or what {@code next} makes of this step's result. */
    default <T extends Preflight> ApplyOutcome orElse(Class<T> step, Function<T, ApplyOutcome> next) {
        return this instanceof Done done ? done.outcome() : next.apply(step.cast(this));
    }

    /** The unit's outcome is known without executing a change set. */
    record Done(ApplyOutcome outcome) implements Preflight {}

    /** A change set is needed: create, update, or delete a failed creation first. */
    record Proceed(Decision decision, Optional<LiveStack> live) implements Preflight {}

    /** The change set {@code name} is made and lists changes: the executor executes it, or reads and discards it. */
    record ChangeSetMade(ChangeSet changeSet, String name) implements Preflight {}

    /**
     * Makes the change set that brings the stack to {@code tagged} (carrying desired hash
     * {@code hash}); settles the unit when CloudFormation finds no changes or refuses it.
     */
    static Preflight changeSet(DesiredState tagged, String hash, String revision, boolean create, CloudFormationStacks stacks,
            ChangeSetRunner runner) {
        String name = "rambla-" + revision.substring(0, Math.min(12, revision.length())) + "-" + hash.substring(0, 8)
                + "-" + Long.toString(System.currentTimeMillis(), 36);
        var computed = runner.compute(() -> stacks.createChangeSet(tagged, name, create));
        if (computed instanceof ChangeSetRunner.Computed.Empty) {
            LiveStack live = stacks.describe(tagged.stackName()).orElseThrow();
            return new Done(new ApplyOutcome(ApplyOutcome.Result.UNCHANGED, "no changes", live.tag(StackTags.COMMIT), List.of(),
                    live.outputs()));
        }
        if (computed instanceof ChangeSetRunner.Computed.Failed failed) {
            return new Done(ApplyOutcome.failed(failed.message()));
        }
        return new ChangeSetMade(computed.changeSet(), name);
    }

    static Preflight run(DesiredState desired, Optional<LiveStack> snapshot, CloudFormationStacks stacks, ChangeSetRunner runner) {
        List<String> tooBig = desired.limitProblems();
        if (!tooBig.isEmpty()) {
            return new Done(ApplyOutcome.failed("refused before any AWS call: " + String.join("; ", tooBig)));
        }
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
            return new Done(ApplyOutcome.failed("stack " + desired.stackName() + " is " + stuck.statusWithReason() + "; it needs manual attention"));
        }
        if (decision instanceof Decision.WaitForOperation waiting) {
            return new Done(ApplyOutcome.failed("stack " + desired.stackName() + " is still " + waiting.status() + " after waiting since "
                    + waitingSince.truncatedTo(ChronoUnit.SECONDS) + " for " + runner.operationTimeout() + " (rambla.apply.operation-timeout)"));
        }
        return new Proceed(decision, live);
    }
}
