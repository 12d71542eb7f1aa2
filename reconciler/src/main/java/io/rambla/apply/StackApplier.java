package io.rambla.apply;

import io.rambla.plan.ApprovalGate;
import io.rambla.plan.BeforeDeployRollout;
import io.rambla.plan.ChangeSet;
import io.rambla.plan.Decision;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.plan.LiveTemplate;
import io.rambla.plan.PlanAssembly;
import io.rambla.plan.Planner;
import io.rambla.plan.TemplateDiff;
import io.rambla.plan.UnitChanges;
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
    private final AppliedChanges appliedChanges;

    public StackApplier(CloudFormationStacks stacks, Backoff backoff, Duration operationTimeout) {
        this(stacks, backoff, operationTimeout, BeforeDeploy.switchedOff());
    }

    /** @param beforeDeploy runs an app's {@code before_deploy} between computing and executing its change set */
    public StackApplier(CloudFormationStacks stacks, Backoff backoff, Duration operationTimeout, BeforeDeploy beforeDeploy) {
        this(stacks, backoff, operationTimeout, beforeDeploy, AppliedChanges.NONE);
    }

    /** @param appliedChanges told what each executed change set changed, property by property */
    public StackApplier(CloudFormationStacks stacks, Backoff backoff, Duration operationTimeout, BeforeDeploy beforeDeploy,
            AppliedChanges appliedChanges) {
        this.appliedChanges = appliedChanges;
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
                              Optional<BeforeDeployTask> beforeDeployTask, ApprovalGate approval) {
        // A new stack skips the change set only when nothing must see one first: a before_deploy
        // rollout creates in two steps, and an `approval: always` gate judges the change set.
        boolean direct = snapshot.isEmpty() && (beforeDeployTask.isEmpty() || !beforeDeploy.runs())
                && (approval.approved() || approval.policy() != io.rambla.schema.Approval.ALWAYS);
        return stacks.exclusively(desired.stackName(), () -> (direct
                        ? createDirectly(desired, unitId, revision, beforeDeployTask) : Optional.<ApplyOutcome>empty())
                .orElseGet(() -> Preflight.run(desired, snapshot, stacks, runner)
                        .orElse(Preflight.Proceed.class, proceed -> proceed(desired, unitId, revision, proceed, beforeDeployTask, approval))));
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
        if (additions.isEmpty() || !desired.limitProblems().isEmpty()) {
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
        return Optional.of(settle(tagged, hash, unitId, revision, true, additions.get(), changes(tagged, unitId, true, additions.get()),
                execution, beforeDeployNote));
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
            Optional<BeforeDeployTask> beforeDeployTask, ApprovalGate approval) {
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
        if (beforeDeployTask.isPresent() && beforeDeploy.runs()) {
            Optional<ApplyOutcome> settled = judgedBeforeRollout(desired, unitId, revision, create, approval);
            return settled.orElseGet(() -> rollout(desired, unitId, revision, create, beforeDeployTask.get()));
        }
        return runChangeSet(tagged, hash, unitId, revision, create, create ? Optional.empty() : live, beforeDeployTask, approval);
    }

    /**
     * The approval gate of a two-step rollout judges the whole change, not a step: a new stack by
     * its template (nothing on it can be replaced), an existing one by a change set of the desired
     * state, read and deleted before the first step. Settles the unit when the change is held, or
     * has nothing to do, or cannot be computed.
     */
    private Optional<ApplyOutcome> judgedBeforeRollout(DesiredState desired, String unitId, String revision, boolean create,
            ApprovalGate approval) {
        if (approval.approved() || approval.policy() == io.rambla.schema.Approval.NONE) {
            return Optional.empty();
        }
        if (create) {
            var plan = PlanAssembly.fromDiff(unitId, desired.stackName(), UnitChanges.StackAction.CREATE,
                    TemplateDiff.between(null, Map.of(), desired.templateBody(), desired.parameters()), null);
            return approval.holds(plan).map(reason -> {
                LOG.info("{}: {}; {} not created", unitId, reason, desired.stackName());
                return ApplyOutcome.held(reason);
            });
        }
        DesiredState tagged = desired.tagged(revision);
        Preflight computed = Preflight.changeSet(tagged, desired.hash(), revision, false, stacks, runner);
        if (computed instanceof Preflight.Done done) {
            return Optional.of(done.outcome());
        }
        var made = (Preflight.ChangeSetMade) computed;
        Optional<ApplyOutcome> held = held(tagged, unitId, false, made, approval);
        if (held.isEmpty()) {
            stacks.deleteChangeSet(made.changeSet().id());
        }
        return held;
    }

    /**
     * An app environment with {@code before_deploy}, in two steps ({@link BeforeDeployRollout}):
     * first everything but the services' switch (roles, grants, log groups, the new one-off
     * revision; services held at their live task definitions, new ones left out), then the task on
     * that revision, then — only if it succeeded — the desired template, which switches the
     * services. Any failure before the second step leaves the services as they were.
     */
    private ApplyOutcome rollout(DesiredState desired, String unitId, String revision, boolean create, BeforeDeployTask task) {
        String stackName = desired.stackName();
        String hash = desired.hash();
        Optional<io.rambla.plan.LiveTemplate> liveTemplate = create ? Optional.empty() : stacks.template(stackName);
        if (!create && liveTemplate.isEmpty()) {
            return ApplyOutcome.failed("stack " + stackName + " disappeared before its before_deploy rollout");
        }
        BeforeDeployRollout.Step step;
        try {
            step = BeforeDeployRollout.prepare(desired, liveTemplate);
        } catch (IllegalArgumentException e) {
            return ApplyOutcome.failed("before_deploy rollout of " + stackName + " not started: " + e.getMessage());
        }
        step.switchedEarly().forEach(why -> LOG.warn("{}: service switched in the first step: {}", stackName, why));
        DesiredState first = step.state().tagged(revision);
        String firstHash = step.state().hash();
        ApplyOutcome prepared = Preflight.changeSet(first, firstHash, revision, create, stacks, runner)
                .orElse(Preflight.ChangeSetMade.class, made -> execute(first, firstHash, unitId, revision, create, Optional.empty(),
                        Optional.empty(), made.changeSet(), made.name()));
        if (prepared.result() == ApplyOutcome.Result.FAILED) {
            return ApplyOutcome.failed("first step (before before_deploy) of " + stackName + " failed, services untouched: "
                    + prepared.message());
        }
        BeforeDeploy.Gate gate = beforeDeploy.gate(unitId, task, stacks.describe(stackName), token("before-deploy", unitId, revision + hash));
        if (!gate.proceed()) {
            return ApplyOutcome.failed(gate.message() + "; " + stackName + " has the first step (" + heldBack(step)
                    + "), its services keep their task definitions");
        }
        DesiredState tagged = desired.tagged(revision);
        ApplyOutcome second = Preflight.changeSet(tagged, hash, revision, false, stacks, runner)
                .orElse(Preflight.ChangeSetMade.class, made -> execute(tagged, hash, unitId, revision, false, Optional.empty(),
                        Optional.empty(), made.changeSet(), made.name()));
        String note = "; " + gate.message() + " between the two steps (" + heldBack(step) + ")";
        if (second.result() == ApplyOutcome.Result.FAILED) {
            return ApplyOutcome.failed("second step of " + stackName + ": " + second.message() + note);
        }
        List<io.rambla.plan.ChangeSet.ResourceChange> changes = new java.util.ArrayList<>(prepared.changes());
        changes.addAll(second.changes());
        return new ApplyOutcome(create ? ApplyOutcome.Result.CREATED : ApplyOutcome.Result.UPDATED, second.message() + note, revision,
                changes, second.outputs());
    }

    private static String heldBack(BeforeDeployRollout.Step step) {
        List<String> parts = new java.util.ArrayList<>();
        if (!step.heldServices().isEmpty()) {
            parts.add("held at their live task definitions: " + String.join(", ", step.heldServices()));
        }
        if (!step.deferredServices().isEmpty()) {
            parts.add("created after it: " + String.join(", ", step.deferredServices()));
        }
        if (!step.switchedEarly().isEmpty()) {
            parts.add("switched early: " + String.join("; ", step.switchedEarly()));
        }
        return parts.isEmpty() ? "no services" : String.join("; ", parts);
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

    @Override
    public List<LiveStack> liveStacks(boolean full) {
        return stacks.listing(full);
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
                                      Optional<LiveStack> before, Optional<BeforeDeployTask> beforeDeployTask, ApprovalGate approval) {
        return Preflight.changeSet(tagged, hash, revision, create, stacks, runner)
                .orElse(Preflight.ChangeSetMade.class, made -> held(tagged, unitId, create, made, approval)
                        .orElseGet(() -> execute(tagged, hash, unitId, revision, create, before, beforeDeployTask, made.changeSet(), made.name())));
    }

    /**
     * Judges the computed change set by the unit's approval setting before anything runs (the
     * {@code before_deploy} task included); a held one is deleted, so the stack stays as it was and
     * an approval computes it afresh.
     */
    private Optional<ApplyOutcome> held(DesiredState tagged, String unitId, boolean create, Preflight.ChangeSetMade made, ApprovalGate approval) {
        var plan = PlanAssembly.fromChangeSet(unitId, tagged.stackName(), create ? UnitChanges.StackAction.CREATE : UnitChanges.StackAction.UPDATE,
                made.changeSet(), new TemplateDiff.Result(List.of(), List.of()));
        Optional<String> reason = approval.holds(plan);
        if (reason.isEmpty()) {
            return Optional.empty();
        }
        LOG.info("{}: {}; change set {} deleted, {} left as it was", unitId, reason.get(), made.name(), tagged.stackName());
        stacks.deleteChangeSet(made.changeSet().id());
        return Optional.of(ApplyOutcome.held(reason.get()));
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
        UnitChanges change = changes(tagged, unitId, create, changeSet);
        var execution = runner.execute(changeSet, tagged.stackName(), token(create ? "create" : "update", unitId, revision + hash));
        return settle(tagged, hash, unitId, revision, create, changeSet, change, execution, beforeDeployNote);
    }

    /** The unit's outcome from how the stack ended after {@code execution}. */
    private ApplyOutcome settle(DesiredState tagged, String hash, String unitId, String revision, boolean create,
            ChangeSet changeSet, UnitChanges change, ChangeSetRunner.Execution execution, String beforeDeployNote) {
        Optional<LiveStack> after = execution.after();
        boolean applied = after.isPresent() && after.get().stackStatus().applied();
        if (applied || after.isEmpty() || after.get().inProgress()) {
            appliedChanges.executed(unitId, revision, applied, change, List.of());
        }
        if (after.isEmpty()) {
            return ApplyOutcome.failed("stack " + tagged.stackName() + " disappeared while it was being applied");
        }
        LiveStack stack = after.get();
        String status = stack.status();
        if (applied) {
            return new ApplyOutcome(create ? ApplyOutcome.Result.CREATED : ApplyOutcome.Result.UPDATED,
                    summarize(changeSet) + beforeDeployNote, revision, changeSet.changes(), stack.outputs());
        }
        if (stack.inProgress()) {
            return ApplyOutcome.failed("stack " + tagged.stackName() + " still " + status + " after " + operationTimeout);
        }
        List<CloudFormationStacks.StackFailure> failures = stacks.failuresSince(tagged.stackName(), execution.started());
        appliedChanges.executed(unitId, revision, false, change, failures);
        String reasons = ChangeSetRunner.reasons(failures)
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

    /**
     * What the change set is about to do, in the plan model: CloudFormation's resource changes,
     * completed by the tree diff between the live template (read now, before it changes) and the
     * desired one, so that properties show before → after. Reading the live template is only for
     * the telling: when it fails, the change set's own values stand, with a note.
     */
    private UnitChanges changes(DesiredState tagged, String unitId, boolean create, ChangeSet changeSet) {
        String note = null;
        TemplateDiff.Result diff = new TemplateDiff.Result(List.of(), List.of());
        try {
            Optional<LiveTemplate> live = create ? Optional.empty() : stacks.template(tagged.stackName());
            diff = TemplateDiff.between(live.map(LiveTemplate::body).orElse(null), live.map(LiveTemplate::parameters).orElse(Map.of()),
                    tagged.templateBody(), tagged.parameters());
        } catch (RuntimeException e) {
            note = "property values unknown: " + e.getMessage();
            LOG.debug("{}: {}", unitId, note);
        }
        UnitChanges.StackAction action = create ? UnitChanges.StackAction.CREATE : UnitChanges.StackAction.UPDATE;
        UnitChanges assembled = PlanAssembly.fromChangeSet(unitId, tagged.stackName(), action, changeSet, diff);
        return new UnitChanges(unitId, tagged.stackName(), action, assembled.resources(), assembled.parameters(), note);
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
