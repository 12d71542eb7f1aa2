package io.rambla.plan;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What happens to one resource of a stack: its action, whether CloudFormation replaces it (and
 * which changed properties cause that), and each property change with its before and after value.
 */
public record ResourcePlan(Action action, String logicalId, String resourceType, Replacement replacement,
                           List<String> replacementCauses, List<ValueChange> changes) {

    /** CloudFormation's resource actions, as a reviewer reads them. */
    public enum Action { ADD, MODIFY, REMOVE, IMPORT }

    /** CloudFormation's replacement answer: {@code True}, {@code Conditional} or {@code False}. */
    public enum Replacement {
        TRUE, CONDITIONAL, FALSE;

        /** CloudFormation's text ({@code True}, {@code Conditional}, {@code False}, or none) as a value. */
        public static Replacement of(String text) {
            if (text == null) {
                return FALSE;
            }
            return switch (text.toLowerCase(java.util.Locale.ROOT)) {
                case "true" -> TRUE;
                case "conditional" -> CONDITIONAL;
                default -> FALSE;
            };
        }
    }

    /** Types whose replacement or removal loses data or an address others depend on. */
    public static final Set<String> STATEFUL_TYPES = PullRequestPlan.Replacement.STATEFUL_TYPES;

    public ResourcePlan {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(logicalId, "logicalId");
        resourceType = resourceType == null ? "" : resourceType;
        replacement = replacement == null ? Replacement.FALSE : replacement;
        replacementCauses = List.copyOf(replacementCauses);
        changes = List.copyOf(changes);
    }

    /** A modification that CloudFormation will, or may, carry out by deleting and creating the resource. */
    public boolean replaces() {
        return action == Action.MODIFY && replacement != Replacement.FALSE;
    }

    public boolean stateful() {
        return STATEFUL_TYPES.contains(resourceType);
    }

    /** A replacement or removal of a resource that holds data or an address. */
    public boolean losesState() {
        return stateful() && (replaces() || action == Action.REMOVE);
    }

    /** The plan's mark: {@code +} add, {@code ~} change in place, {@code ±} replace, {@code -} remove, {@code <} import. */
    public String mark() {
        return switch (action) {
            case ADD -> "+";
            case REMOVE -> "-";
            case IMPORT -> "<";
            case MODIFY -> replaces() ? "±" : "~";
        };
    }
}
