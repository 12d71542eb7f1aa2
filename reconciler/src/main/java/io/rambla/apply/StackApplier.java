package io.rambla.apply;

import io.rambla.plan.ChangeSet;
import io.rambla.plan.Decision;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.plan.Planner;
import io.rambla.render.BeforeDeployTask;
import io.rambla.retry.Backoff;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one stack to its desired state: decides with {@link Planner}, then creates, reads and
 * executes a change set and waits for CloudFormation's verdict. Never starts an operation on a
 * stack that already has one running.
 */
public final class StackApplier {

    private static final Logger LOG = LoggerFactory.getLogger(StackApplier.class);
    private static final int MAX_FAILURES_REPORTED = 3;

    private final CloudFormationStacks stacks;
    private final Backoff backoff;
    private final Duration operationTimeout;
    private final boolean planOnly;
    private final BeforeDeploy beforeDeploy;

    public StackApplier(CloudFormationStacks stacks, Backoff backoff, Duration operationTimeout) {
        this(stacks, backoff, operationTimeout, false);
    }

    /** @param planOnly create and read change sets, then delete them: never change a stack */
    public StackApplier(CloudFormationStacks stacks, Backoff backoff, Duration operationTimeout, boolean planOnly) {
        this(stacks, backoff, operationTimeout, planOnly, BeforeDeploy.switchedOff());
    }

    /** @param beforeDeploy runs an app's {@code before_deploy} between computing and executing its change set */
    public StackApplier(CloudFormationStacks stacks, Backoff backoff, Duration operationTimeout, boolean planOnly,
                        BeforeDeploy beforeDeploy) {
        this.stacks = stacks;
        this.backoff = backoff;
        this.operationTimeout = operationTimeout;
        this.planOnly = planOnly;
        this.beforeDeploy = beforeDeploy;
    }

    /**
     * @param desired  the stack without Rambla's bookkeeping tags
     * @param unitId   the unit, for idempotency tokens and messages
     * @param revision the commit being applied
     */
    public ApplyOutcome apply(DesiredState desired, String unitId, String revision) {
        return apply(desired, unitId, revision, Optional.empty());
    }

    /**
     * @param snapshot the stack as a bulk listing at the start of the sync saw it; when it already
     *                 carries the desired hash, no further call is made for this unit
     */
    public ApplyOutcome apply(DesiredState desired, String unitId, String revision, Optional<LiveStack> snapshot) {
        return apply(desired, unitId, revision, snapshot, Optional.empty());
    }

    /**
     * @param beforeDeployTask the unit's {@code before_deploy}: run once the change set is known to
     *                         change something, before it is executed; a failure deletes the change
     *                         set and leaves the stack as it was. Never run in plan-only mode.
     */
    public ApplyOutcome apply(DesiredState desired, String unitId, String revision, Optional<LiveStack> snapshot,
                              Optional<BeforeDeployTask> beforeDeployTask) {
        if (snapshot.isPresent() && Planner.decide(desired, snapshot) instanceof Decision.NoChange noChange) {
            return new ApplyOutcome(ApplyOutcome.Result.UNCHANGED, "up to date", noChange.appliedRevision(), List.of(), snapshot.get().outputs());
        }
        String hash = desired.hash();
        Map<String, String> tags = new HashMap<>(desired.tags());
        tags.put(Planner.TAG_DESIRED_HASH, hash);
        tags.put(Planner.TAG_COMMIT, revision);
        DesiredState tagged = new DesiredState(desired.stackName(), desired.templateBody(), desired.parameters(), tags);

        Optional<LiveStack> live = stacks.describe(desired.stackName());
        Decision decision = Planner.decide(desired, live);
        if (decision instanceof Decision.WaitForOperation) {
            live = waitWhileInProgress(desired.stackName());
            decision = Planner.decide(desired, live);
        }
        if (decision instanceof Decision.NoChange noChange) {
            return new ApplyOutcome(ApplyOutcome.Result.UNCHANGED, "up to date", noChange.appliedRevision(), List.of(), live.get().outputs());
        }
        if (decision instanceof Decision.Stuck stuck) {
            return ApplyOutcome.failed("stack " + desired.stackName() + " is " + stuck.status()
                    + (stuck.reason() == null ? "" : " (" + stuck.reason() + ")") + "; it needs manual attention");
        }
        if (decision instanceof Decision.WaitForOperation waiting) {
            return ApplyOutcome.failed("stack " + desired.stackName() + " is still " + waiting.status() + " after " + operationTimeout);
        }
        if (planOnly && decision instanceof Decision.DeleteFailedThenCreate failed) {
            return new ApplyOutcome(ApplyOutcome.Result.PLANNED, "would delete the failed stack (" + failed.previousStatus()
                    + ") and create it again", null, List.of(), java.util.Map.of());
        }
        if (decision instanceof Decision.DeleteFailedThenCreate failed) {
            LOG.info("stack {} is {} from an earlier failed creation; deleting it before creating again", desired.stackName(), failed.previousStatus());
            stacks.deleteStack(desired.stackName(), token("delete", unitId, revision));
            Optional<LiveStack> afterDelete = waitWhileInProgress(desired.stackName());
            if (afterDelete.isPresent() && !afterDelete.get().deleted()) {
                return ApplyOutcome.failed("could not delete the failed stack " + desired.stackName() + ": " + afterDelete.get().status());
            }
            decision = new Decision.Create();
        }
        boolean create = decision instanceof Decision.Create;
        return runChangeSet(tagged, hash, unitId, revision, create, create ? Optional.empty() : live, beforeDeployTask);
    }

    public boolean planOnly() {
        return planOnly;
    }

    /** Every live stack, for the sync's snapshot and for finding orphans. */
    /** Reads districts' AMI ids from SSM, where the stacks live. */
    public io.rambla.plan.Amis.Lookup amiLookup() {
        return stacks.amiLookup();
    }

    /** Where each stack lives, by stack name → region (its district's), before it is planned. */
    public void place(java.util.Map<String, String> regionByStack) {
        stacks.place(regionByStack);
    }

    public List<LiveStack> liveStacks() {
        return stacks.list();
    }

    /** Deletes a unit's stack and waits until it is gone. */
    public ApplyOutcome delete(String stackName, String unitId, String revision) {
        stacks.deleteStack(stackName, token("delete", unitId, revision));
        Optional<LiveStack> after = waitWhileInProgress(stackName);
        if (after.isEmpty() || after.get().deleted()) {
            return new ApplyOutcome(ApplyOutcome.Result.DELETED, "deleted " + stackName, revision, List.of(), java.util.Map.of());
        }
        var failures = stacks.failuresSince(stackName, Instant.now().minus(operationTimeout));
        return ApplyOutcome.failed(stackName + " " + after.get().status() + (failures.isEmpty() ? ""
                : ": " + failures.stream().limit(MAX_FAILURES_REPORTED).map(Object::toString).collect(Collectors.joining("; "))));
    }

    private ApplyOutcome runChangeSet(DesiredState tagged, String hash, String unitId, String revision, boolean create,
                                      Optional<LiveStack> before, Optional<BeforeDeployTask> beforeDeployTask) {
        String name = "rambla-" + revision.substring(0, Math.min(12, revision.length())) + "-" + hash.substring(0, 8)
                + "-" + Long.toString(System.currentTimeMillis(), 36);
        Instant started = Instant.now().minusSeconds(1);
        ChangeSet changeSet = stacks.createChangeSet(tagged, name, create);
        if (changeSet.empty()) {
            stacks.deleteChangeSet(changeSet.id());
            LiveStack live = stacks.describe(tagged.stackName()).orElseThrow();
            return new ApplyOutcome(ApplyOutcome.Result.UNCHANGED, "no changes", live.tag(Planner.TAG_COMMIT), List.of(), live.outputs());
        }
        if (!changeSet.status().equals("CREATE_COMPLETE")) {
            return ApplyOutcome.failed("change set " + name + " " + changeSet.status() + ": " + changeSet.statusReason());
        }
        if (planOnly) {
            stacks.deleteChangeSet(changeSet.id());
            if (create) {
                // A CREATE change set makes an empty stack in REVIEW_IN_PROGRESS; leave nothing behind.
                stacks.deleteStack(tagged.stackName(), token("discard-plan", unitId, revision + hash));
            }
            String live = stacks.describe(tagged.stackName()).filter(s -> !s.deleted()).map(s -> s.tag(Planner.TAG_COMMIT)).orElse(null);
            return new ApplyOutcome(ApplyOutcome.Result.PLANNED, "plan only: would " + (create ? "create: " : "update: ")
                    + summarize(changeSet), live, changeSet.changes(),
                    stacks.describe(tagged.stackName()).filter(s -> !s.deleted()).map(LiveStack::outputs).orElse(java.util.Map.of()));
        }
        String beforeDeployNote = "";
        if (beforeDeployTask.isPresent()) {
            BeforeDeploy.Gate gate;
            try {
                gate = beforeDeploy.gate(unitId, beforeDeployTask.get(), before, token("before-deploy", unitId, revision + hash));
            } catch (RuntimeException e) {
                stacks.deleteChangeSet(changeSet.id());
                throw e;
            }
            if (!gate.proceed()) {
                stacks.deleteChangeSet(changeSet.id());
                return ApplyOutcome.failed(gate.message() + "; change set " + name + " deleted, "
                        + tagged.stackName() + " left as it was");
            }
            beforeDeployNote = "; " + gate.message();
        }
        stacks.executeChangeSet(changeSet.id(), token(create ? "create" : "update", unitId, revision + hash));
        Optional<LiveStack> after = waitForOutcome(tagged.stackName());
        if (after.isEmpty()) {
            return ApplyOutcome.failed("stack " + tagged.stackName() + " disappeared while it was being applied");
        }
        LiveStack stack = after.get();
        String status = stack.status();
        if (status.equals("CREATE_COMPLETE") || status.equals("UPDATE_COMPLETE")) {
            return new ApplyOutcome(create ? ApplyOutcome.Result.CREATED : ApplyOutcome.Result.UPDATED,
                    summarize(changeSet) + beforeDeployNote, revision, changeSet.changes(), stack.outputs());
        }
        if (stack.inProgress()) {
            return ApplyOutcome.failed("stack " + tagged.stackName() + " still " + status + " after " + operationTimeout);
        }
        var failures = stacks.failuresSince(tagged.stackName(), started);
        String reasons = failures.isEmpty()
                ? (stack.statusReason() == null ? "no reason given" : stack.statusReason())
                : failures.stream().limit(MAX_FAILURES_REPORTED).map(Object::toString).collect(Collectors.joining("; "));
        return ApplyOutcome.failed(tagged.stackName() + " " + status + ": " + reasons + beforeDeployNote);
    }

    /**
     * Waits for an executed change set's outcome. A stack may pause in CREATE_FAILED or
     * UPDATE_FAILED on its way to rolling back (the emulator shows this; AWS moves straight on):
     * the outcome is the rollback's end, so wait a little longer for it.
     */
    private Optional<LiveStack> waitForOutcome(String stackName) {
        Optional<LiveStack> live = waitWhileInProgress(stackName);
        for (int attempt = 0; attempt < 10 && live.isPresent()
                && (live.get().status().equals("CREATE_FAILED") || live.get().status().equals("UPDATE_FAILED")); attempt++) {
            backoff.sleep(attempt);
            live = waitWhileInProgress(stackName);
        }
        return live;
    }

    private Optional<LiveStack> waitWhileInProgress(String stackName) {
        Instant deadline = Instant.now().plus(operationTimeout);
        int attempt = 0;
        while (true) {
            Optional<LiveStack> live = stacks.describe(stackName);
            if (live.isEmpty() || !live.get().inProgress() || Instant.now().isAfter(deadline)) {
                return live;
            }
            backoff.sleep(attempt++);
        }
    }

    private static String summarize(ChangeSet changeSet) {
        Map<String, Long> byAction = changeSet.changes().stream()
                .collect(Collectors.groupingBy(ChangeSet.ResourceChange::action, java.util.TreeMap::new, Collectors.counting()));
        long replacements = changeSet.changes().stream().filter(c -> "True".equals(c.replacement())).count();
        String counts = byAction.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().toLowerCase()).collect(Collectors.joining(", "));
        return (counts.isEmpty() ? "applied" : counts) + (replacements > 0 ? ", " + replacements + " replaced" : "");
    }

    /**
     * The same unit, action and commit always give the same token, so CloudFormation ignores a
     * repeated request instead of running the operation twice.
     */
    static String token(String action, String unitId, String revision) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((action + "\n" + unitId + "\n" + revision).getBytes(StandardCharsets.UTF_8));
            return "rambla-" + action + "-" + HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
