package io.rambla.plan;

import io.rambla.schema.Approval;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether a unit's plan waits for an operator before it runs, purely: no calls, no clock. Under
 * {@link Approval#REPLACEMENTS} a plan waits when it replaces or removes a stateful resource, or
 * deletes the stack; under {@link Approval#ALWAYS} when it changes anything. An approval is for
 * one unit at one commit ({@code approved}); a newer commit is judged afresh.
 *
 * @param approved an operator approved this unit at the commit being applied
 */
public record ApprovalGate(Approval policy, boolean approved) {

    /** Holds nothing: the default, and plan-only syncs, which never execute. */
    public static final ApprovalGate OPEN = new ApprovalGate(Approval.NONE, false);

    private static final int NAMED = 3;

    public ApprovalGate {
        Objects.requireNonNull(policy, "policy");
    }

    /** Why the plan waits for approval, when it does; the words every status shows. */
    public Optional<String> holds(UnitChanges plan) {
        if (approved || policy == Approval.NONE || !plan.changes()) {
            return Optional.empty();
        }
        if (plan.action() == UnitChanges.StackAction.DELETE) {
            return Optional.of(awaiting("deletes stack " + plan.stackName()));
        }
        List<ResourcePlan> losses = plan.stateLosses();
        if (!losses.isEmpty()) {
            return Optional.of(awaiting(name(losses) + " (stateful: its data or address is lost)"));
        }
        if (policy == Approval.ALWAYS) {
            return Optional.of(awaiting(plan.resources().isEmpty() ? "changes the stack's parameters" : name(plan.resources())));
        }
        return Optional.empty();
    }

    /** A held unit's message starts with this, whatever held it. */
    public static final String PREFIX = "awaiting approval: ";

    private String awaiting(String what) {
        return PREFIX + what + " (approval: " + policy.word() + ")";
    }

    private static String name(List<ResourcePlan> resources) {
        // Replacements first: they are what an approver must not miss.
        String named = resources.stream().sorted(java.util.Comparator.comparing((ResourcePlan r) -> !r.replaces())).limit(NAMED)
                .map(r -> verb(r) + " " + r.resourceType() + " " + r.logicalId())
                .collect(Collectors.joining(", "));
        int more = resources.size() - NAMED;
        return named + (more > 0 ? " and " + more + " more" : "");
    }

    private static String verb(ResourcePlan resource) {
        return switch (resource.action()) {
            case ADD -> "adds";
            case REMOVE -> "removes";
            case IMPORT -> "imports";
            case MODIFY -> resource.replaces() ? "replaces" : "modifies";
        };
    }
}
