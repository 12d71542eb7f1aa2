package io.rambla.apply;

import io.rambla.plan.ChangeSet;
import io.rambla.plan.Decision;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.plan.Planner;
import io.rambla.render.BeforeDeployTask;
import io.rambla.retry.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one stack to its desired state: decides with {@link Planner}, then creates, reads and
 * executes a change set through {@link ChangeSetRunner} and waits for CloudFormation's verdict.
 * Never starts an operation on a stack that already has one running.
 */
public final class StackApplier implements StackExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(StackApplier.class);

    private final CloudFormationStacks stacks;
    private final ChangeSetRunner runner;
    private final Duration operationTimeout;
    private final BeforeDeploy beforeDeploy;

    public StackApplier(CloudFormationStacks stacks, Backoff backoff, Duration operationTimeout) {
        this(stacks, backoff, operationTimeout, BeforeDeploy.switchedOff());
    }

    /** @param beforeDeploy runs an app's {@code before_deploy} between computing and executing its change set */
    public StackApplier(CloudFormationStacks stacks, Backoff backoff, Duration operationTimeout, BeforeDeploy beforeDeploy) {
        this.stacks = stacks;
        this.runner = new ChangeSetRunner(stacks, backoff, operationTimeout, Clock.systemUTC());
        this.operationTimeout = operationTimeout;
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
     *                         set and leaves the stack as it was.
     */
    @Override
    public ApplyOutcome apply(DesiredState desired, String unitId, String revision, Optional<LiveStack> snapshot,
                              Optional<BeforeDeployTask> beforeDeployTask) {
        return stacks.exclusively(desired.stackName(), () -> (snapshot.isEmpty()
                        ? createDirectly(desired, unitId, revision, beforeDeployTask) : Optional.<ApplyOutcome>empty())
                .orElseGet(() -> Preflight.run(desired, snapshot, stacks, runner)
                        .orElse(Preflight.Proceed.class, proceed -> proceed(desired, unitId, revision, proceed, beforeDeployTask))));
    }

    /**
     * A stack the listing did not show is created with CreateStack, when the port can: its change
     * set could only add every resource of the template, so the changes reported are those
     * resources, and the outcome is settled exactly as an executed change set's. Empty when a stack
     * of that name exists after all (it appeared since the listing) or the port only knows change
     * sets: then the unit takes the usual way.
     */
    private Optional<ApplyOutcome> createDirectly(DesiredState desired, String unitId, String revision,
            Optional<BeforeDeployTask> beforeDeployTask) {
        Optional<ChangeSet> additions = additions(desired);
        if (additions.isEmpty() || !io.rambla.render.RenderLimits.problems(desired.stackName(), desired.templateBody()).isEmpty()) {
            return Optional.empty(); // Preflight refuses a template past the limits before any call
        }
        String hash = desired.hash();
        DesiredState tagged = desired.tagged(revision);
        String beforeDeployNote = beforeDeployTask
                .map(task -> "; " + beforeDeploy.gate(unitId, task, Optional.empty(), token("before-deploy", unitId, revision + hash)).message())
                .orElse("");
        Instant started = Instant.now().minusSeconds(1);
        if (stacks.createStack(tagged, token("create", unitId, revision + hash)) != CloudFormationStacks.DirectCreate.STARTED) {
            return Optional.empty();
        }
        LOG.info("creating stack {} directly: it did not exist", tagged.stackName());
        var execution = new ChangeSetRunner.Execution(runner.awaitOutcome(tagged.stackName()), started);
        return Optional.of(settle(tagged, hash, unitId, revision, true, additions.get(), execution, beforeDeployNote));
    }

    /**
     * What a change set creating {@code desired} would list: every resource of its template, added.
     * Empty for a template with conditions, whose resources only CloudFormation can tell apart.
     */
    static Optional<ChangeSet> additions(DesiredState desired) {
        com.fasterxml.jackson.databind.JsonNode template;
        try {
            template = new com.fasterxml.jackson.databind.ObjectMapper().readTree(desired.templateBody());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty();
        }
        if (template == null || !template.path("Conditions").isEmpty() || !template.path("Resources").isObject()) {
            return Optional.empty();
        }
        List<ChangeSet.ResourceChange> added = new java.util.ArrayList<>();
        template.path("Resources").properties()
                .forEach(e -> added.add(new ChangeSet.ResourceChange("Add", e.getKey(), e.getValue().path("Type").asText(null), null)));
        return Optional.of(new ChangeSet(null, null, "CREATE_COMPLETE", "", false, added));
    }

    private ApplyOutcome proceed(DesiredState desired, String unitId, String revision, Preflight.Proceed proceed,
            Optional<BeforeDeployTask> beforeDeployTask) {
        Decision decision = proceed.decision();
        Optional<LiveStack> live = proceed.live();
        String hash = desired.hash();
        DesiredState tagged = desired.tagged(revision);
        if (decision instanceof Decision.DeleteFailedThenCreate failed) {
            LOG.info("stack {} is {} from an earlier failed creation; deleting it before creating again", desired.stackName(), failed.previousStatus());
            stacks.deleteStack(desired.stackName(), token("delete", unitId, revision));
            Optional<LiveStack> afterDelete = runner.awaitSettled(desired.stackName());
            if (afterDelete.isPresent() && !afterDelete.get().deleted()) {
                return ApplyOutcome.failed("could not delete the failed stack " + desired.stackName() + ": " + afterDelete.get().status());
            }
            decision = new Decision.Create();
        }
        boolean create = decision instanceof Decision.Create;
        return runChangeSet(tagged, hash, unitId, revision, create, create ? Optional.empty() : live, beforeDeployTask);
    }

    @Override
    public boolean changesStacks() {
        return true;
    }

    @Override
    public io.rambla.plan.Amis.Lookup amiLookup() {
        return stacks.amiLookup();
    }

    @Override
    public void place(java.util.Map<String, String> regionByStack) {
        stacks.place(regionByStack);
    }

    @Override
    public List<LiveStack> liveStacks() {
        return stacks.list();
    }

    /** Deletes a unit's stack and waits until it is gone. */
    @Override
    public ApplyOutcome delete(String stackName, String unitId, String revision) {
        stacks.deleteStack(stackName, token("delete", unitId, revision));
        Optional<LiveStack> after = runner.awaitSettled(stackName);
        if (after.isEmpty() || after.get().deleted()) {
            return new ApplyOutcome(ApplyOutcome.Result.DELETED, "deleted " + stackName, revision, List.of(), java.util.Map.of());
        }
        return ApplyOutcome.failed(stackName + " " + after.get().status()
                + runner.failureReasons(stackName, Instant.now().minus(operationTimeout)).map(r -> ": " + r).orElse(""));
    }

    private ApplyOutcome runChangeSet(DesiredState tagged, String hash, String unitId, String revision, boolean create,
                                      Optional<LiveStack> before, Optional<BeforeDeployTask> beforeDeployTask) {
        return Preflight.changeSet(tagged, hash, revision, create, stacks, runner)
                .orElse(Preflight.ChangeSetMade.class, made -> execute(tagged, hash, unitId, revision, create, before, beforeDeployTask,
                        made.changeSet(), made.name()));
    }

    private ApplyOutcome execute(DesiredState tagged, String hash, String unitId, String revision, boolean create,
            Optional<LiveStack> before, Optional<BeforeDeployTask> beforeDeployTask, ChangeSet changeSet, String name) {
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
        var execution = runner.execute(changeSet, tagged.stackName(), token(create ? "create" : "update", unitId, revision + hash));
        return settle(tagged, hash, unitId, revision, create, changeSet, execution, beforeDeployNote);
    }

    /** The unit's outcome from how the stack ended after {@code execution}. */
    private ApplyOutcome settle(DesiredState tagged, String hash, String unitId, String revision, boolean create,
            ChangeSet changeSet, ChangeSetRunner.Execution execution, String beforeDeployNote) {
        Optional<LiveStack> after = execution.after();
        if (after.isEmpty()) {
            return ApplyOutcome.failed("stack " + tagged.stackName() + " disappeared while it was being applied");
        }
        LiveStack stack = after.get();
        String status = stack.status();
        if (stack.stackStatus().applied()) {
            return new ApplyOutcome(create ? ApplyOutcome.Result.CREATED : ApplyOutcome.Result.UPDATED,
                    summarize(changeSet) + beforeDeployNote, revision, changeSet.changes(), stack.outputs());
        }
        if (stack.inProgress()) {
            return ApplyOutcome.failed("stack " + tagged.stackName() + " still " + status + " after " + operationTimeout);
        }
        String reasons = runner.failureReasons(tagged.stackName(), execution.started())
                .orElse(stack.statusReason() == null ? "no reason given" : stack.statusReason());
        return ApplyOutcome.failed(tagged.stackName() + " " + status + ": " + reasons + beforeDeployNote
                + (create && stack.failedCreation() ? removeFailedCreation(tagged.stackName(), unitId, revision + hash) : ""));
    }

    /**
     * A creation that failed leaves an empty stack that blocks the name: delete it at once, so the
     * next attempt creates it afresh and nothing this attempt made stays behind. Says how that went.
     */
    private String removeFailedCreation(String stackName, String unitId, String key) {
        try {
            stacks.deleteStack(stackName, token("delete-failed", unitId, key));
            Optional<LiveStack> gone = runner.awaitSettled(stackName);
            if (gone.isEmpty() || gone.get().deleted()) {
                LOG.info("{}: deleted the stack its failed creation left, so the next attempt creates it afresh", stackName);
                return "; the stack the failed creation left was deleted";
            }
            LOG.warn("{}: deleting the stack its failed creation left ended {}", stackName, gone.get().status());
            return "; deleting the stack the failed creation left ended " + gone.get().status()
                    + (gone.get().stackStatus().stuck() ? ": it needs manual attention" : "");
        } catch (RuntimeException e) {
            LOG.warn("{}: the stack its failed creation left could not be deleted now: {}", stackName, e.getMessage());
            return "; the stack the failed creation left is deleted before the next attempt";
        }
    }

    static String summarize(ChangeSet changeSet) {
        Map<String, Long> byAction = changeSet.changes().stream()
                .collect(Collectors.groupingBy(ChangeSet.ResourceChange::action, java.util.TreeMap::new, Collectors.counting()));
        long replacements = changeSet.changes().stream().filter(c -> "True".equals(c.replacement())).count();
        String counts = byAction.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().toLowerCase()).collect(Collectors.joining(", "));
        return (counts.isEmpty() ? "applied" : counts) + (replacements > 0 ? ", " + replacements + " replaced" : "");
    }

    /** The same unit, action and commit always give the same token: see {@link ChangeSetRunner#token}. */
    static String token(String action, String unitId, String revision) {
        return ChangeSetRunner.token(action, unitId, revision);
    }
}
