package io.rambla.plan;

import io.rambla.plan.PullRequestPlan.Replacement;
import io.rambla.plan.PullRequestPlan.UnitPlan;
import io.rambla.render.RenderedUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure core of a pull-request review: from the rendered units of the head commit, a snapshot
 * of the live stacks and the change sets computed so far, it says which change sets are still
 * needed ({@link #pending}) and, once none are, what merging would do ({@link #plan}).
 *
 * <p>Units are taken in dependency order. A unit's parameters are read from its upstream units'
 * live outputs, so a unit can only be planned against an upstream that does not change: when an
 * upstream changes, or has no stack yet, the unit is "planned after upstream" and gets no change
 * set. An equal {@code rambla:desired-hash} tag means unchanged without asking CloudFormation.
 */
public final class ReviewPlanner {

    /** A change set the plan needs: for {@code desired} (with Rambla's tags), CREATE when no stack exists. */
    public record ChangeSetRequest(String unitId, DesiredState desired, boolean create) {}

    /** What asking CloudFormation for a change set gave: the change set, or the error. */
    public sealed interface ChangeSetResult {

        record Computed(ChangeSet changeSet) implements ChangeSetResult {}

        record Failed(String message) implements ChangeSetResult {}

        static ChangeSetResult of(ChangeSet changeSet) {
            return new Computed(changeSet);
        }

        static ChangeSetResult failed(String message) {
            return new Failed(message);
        }
    }

    /** Where a unit stands while the plan is made. */
    private sealed interface State {
        /** Decided; {@code changes} tells downstream units whether they can trust this stack's outputs. */
        record Settled(UnitPlan plan, boolean changes) implements State {}

        record NeedsChangeSet(ChangeSetRequest request) implements State {}

        /** An upstream unit still waits for its change set. */
        record Waiting() implements State {}
    }

    private ReviewPlanner() {}

    /**
     * The change sets to compute next, given those computed so far; empty once the plan is
     * complete. Requests in one answer do not depend on each other.
     *
     * @param live     the live stacks by stack name; a missing name means no stack
     * @param computed results by unit id
     */
    public static List<ChangeSetRequest> pending(String headSha, List<RenderedUnit> units, Map<String, LiveStack> live,
            Map<String, ChangeSetResult> computed) {
        return fold(headSha, units, live, computed).values().stream()
                .filter(State.NeedsChangeSet.class::isInstance)
                .map(s -> ((State.NeedsChangeSet) s).request())
                .toList();
    }

    /**
     * The plan of the head commit.
     *
     * @throws IllegalStateException when {@link #pending} still asks for change sets
     */
    public static PullRequestPlan plan(String headSha, List<RenderedUnit> units, Map<String, LiveStack> live,
            Map<String, ChangeSetResult> computed) {
        Map<String, State> states = fold(headSha, units, live, computed);
        List<UnitPlan> plans = new ArrayList<>();
        for (RenderedUnit unit : units) {
            if (!(states.get(unit.id()) instanceof State.Settled settled)) {
                throw new IllegalStateException("unit " + unit.id() + " is not planned yet: " + states.get(unit.id()));
            }
            plans.add(settled.plan());
        }
        return new PullRequestPlan(headSha, plans, List.of());
    }

    /**
     * The units whose desired state differs from their live stack, in order: those {@link Planner}
     * says merging would create, update or recreate ({@link Decision.Create}, {@link Decision.Update},
     * {@link Decision.DeleteFailedThenCreate}), including one that waits for an upstream output. What
     * {@code rambla.review.max-units} caps: an unchanged unit costs a plan no change set, and a stack
     * that is busy, stuck or not owned gets none either. Pure: no calls.
     *
     * @param live the live stacks by stack name; a missing name means no stack
     */
    public static List<String> changing(List<RenderedUnit> units, Map<String, LiveStack> live) {
        Snapshot snapshot = Snapshot.of(units, live.values());
        List<String> changing = new ArrayList<>();
        for (UnitDecision decided : Planner.plan(units, snapshot)) {
            if (decided.decision() instanceof Decision.Create || decided.decision() instanceof Decision.Update
                    || decided.decision() instanceof Decision.DeleteFailedThenCreate) {
                changing.add(decided.unit().id());
            }
        }
        return changing;
    }

    /** The tags a stack carries once applied, as {@code StackApplier} sets them, so the change set shows what merging would. */
    public static DesiredState tagged(DesiredState desired, String headSha) {
        return desired.tagged(headSha);
    }

    private static Map<String, State> fold(String headSha, List<RenderedUnit> units, Map<String, LiveStack> live,
            Map<String, ChangeSetResult> computed) {
        // The upstream outputs are those of the live upstream stacks: review never applies anything.
        Snapshot snapshot = Snapshot.of(units, live.values());
        Map<String, State> states = new LinkedHashMap<>();
        for (RenderedUnit unit : units) {
            states.put(unit.id(), decide(headSha, unit, snapshot, states, computed));
        }
        return states;
    }

    private static State decide(String headSha, RenderedUnit unit, Snapshot snapshot, Map<String, State> states,
            Map<String, ChangeSetResult> computed) {
        String id = unit.id();
        String stackName = unit.stack().stackName();
        for (String upstreamId : unit.unit().dependsOn()) {
            State upstream = states.get(upstreamId);
            if (upstream == null) {
                return failed(unit, "depends on " + upstreamId + ", which is not declared before it");
            }
            if (!(upstream instanceof State.Settled settled)) {
                return new State.Waiting();
            }
            if (settled.plan().failed()) {
                return new State.Settled(UnitPlan.afterUpstream(id, stackName,
                        "not planned: upstream " + upstreamId + " could not be planned"), true);
            }
            if (settled.changes()) {
                return afterUpstream(unit, upstreamId, snapshot.outputs().containsKey(upstreamId));
            }
        }

        UnitDecision planned = Planner.decide(unit, snapshot);
        if (planned instanceof UnitDecision.AwaitingUpstream awaiting) {
            return awaiting.upstreamStands() ? failed(unit, awaiting.awaiting().describe())
                    : afterUpstream(unit, awaiting.awaiting().unitId(), false);
        }
        DesiredState desired = ((UnitDecision.Ready) planned).desired();
        Decision decision = planned.decision();
        if (decision instanceof Decision.NotOwned notOwned) {
            return failed(unit, "not planned: " + notOwned.reason());
        }
        if (decision instanceof Decision.NoChange) {
            return new State.Settled(UnitPlan.noChange(id, stackName), false);
        }
        if (decision instanceof Decision.WaitForOperation waiting) {
            return failed(unit, "stack is " + waiting.status() + ": another operation runs on it; the plan is made again on the next push");
        }
        if (decision instanceof Decision.Stuck stuck) {
            return failed(unit, "stack is " + stuck.statusWithReason() + "; it needs manual attention before anything can be applied");
        }
        if (decision instanceof Decision.DeleteFailedThenCreate rolledBack) {
            return new State.Settled(new UnitPlan(id, stackName, 0, 0, 0, List.of(), false,
                    "stack is " + rolledBack.previousStatus() + " from a failed creation: merging deletes it and creates it "
                            + "anew, so its changes can only be listed then", false), true);
        }
        boolean create = decision instanceof Decision.Create;
        ChangeSetResult result = computed.get(id);
        if (result == null) {
            return new State.NeedsChangeSet(new ChangeSetRequest(id, tagged(desired, headSha), create));
        }
        return settle(unit, result);
    }

    /** The unit reads outputs of {@code upstreamId}, which changes or has no stack yet: it is planned once that is applied. */
    private static State afterUpstream(RenderedUnit unit, String upstreamId, boolean upstreamStands) {
        return new State.Settled(UnitPlan.afterUpstream(unit.id(), unit.stack().stackName(), "planned after upstream " + upstreamId
                + " is applied: " + (upstreamStands ? "it changes, and this stack reads its outputs" : "its stack does not exist yet")),
                true);
    }

    private static State settle(RenderedUnit unit, ChangeSetResult result) {
        if (result instanceof ChangeSetResult.Failed failed) {
            return failed(unit, failed.message());
        }
        ChangeSet changeSet = ((ChangeSetResult.Computed) result).changeSet();
        if (changeSet.empty()) {
            return new State.Settled(UnitPlan.noChange(unit.id(), unit.stack().stackName()), false);
        }
        if (!changeSet.status().equals("CREATE_COMPLETE")) {
            return failed(unit, "change set " + changeSet.status()
                    + (changeSet.statusReason() == null || changeSet.statusReason().isEmpty() ? "" : ": " + changeSet.statusReason()));
        }
        return new State.Settled(count(unit, changeSet), true);
    }

    /** Counts a change set the way the plan comment shows it: a replaced resource is also a modified one. */
    static UnitPlan count(RenderedUnit unit, ChangeSet changeSet) {
        int adds = 0;
        int modifies = 0;
        int removes = 0;
        List<Replacement> replacements = new ArrayList<>();
        List<String> conditional = new ArrayList<>();
        for (ChangeSet.ResourceChange change : changeSet.changes()) {
            switch (change.action() == null ? "" : change.action()) {
                case "Add" -> adds++;
                case "Remove" -> removes++;
                default -> modifies++;
            }
            if ("True".equals(change.replacement())) {
                replacements.add(Replacement.of(change.logicalId(), change.resourceType()));
            } else if ("Conditional".equals(change.replacement())) {
                conditional.add(change.logicalId());
            }
        }
        String note = conditional.isEmpty() ? null
                : "May be replaced, depending on values known only while applying: " + String.join(", ", conditional);
        return new UnitPlan(unit.id(), unit.stack().stackName(), adds, modifies, removes, replacements, false, note, false);
    }

    private static State failed(RenderedUnit unit, String reason) {
        return new State.Settled(UnitPlan.failure(unit.id(), unit.stack().stackName(), reason), true);
    }
}
