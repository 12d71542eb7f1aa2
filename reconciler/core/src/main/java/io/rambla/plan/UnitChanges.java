package io.rambla.plan;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The plan of one unit: what happens to its stack, to each of its resources and to each of its
 * parameters. The one plan model behind the CLI's {@code plan}, the pull-request comment, the
 * status page and the JSON API. {@code note} says what a reader should know beyond the changes (why
 * no change set could be made, which upstream unit it waits for); it may be null.
 */
public record UnitChanges(String unitId, String stackName, StackAction action, List<ResourcePlan> resources,
                          List<ValueChange> parameters, String note) {

    /** What happens to the stack as a whole. */
    public enum StackAction {
        CREATE, UPDATE, DELETE, NONE,
        /** The unit changes, but its change set needs an upstream unit's outputs first. */
        AFTER_UPSTREAM,
        /** No plan could be made; the note says why. */
        FAILED
    }

    public UnitChanges {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(stackName, "stackName");
        Objects.requireNonNull(action, "action");
        resources = resources.stream()
                .sorted(Comparator.comparing((ResourcePlan r) -> !r.losesState()).thenComparing(ResourcePlan::logicalId))
                .toList();
        parameters = List.copyOf(parameters);
    }

    public static UnitChanges none(String unitId, String stackName) {
        return new UnitChanges(unitId, stackName, StackAction.NONE, List.of(), List.of(), null);
    }

    public boolean changes() {
        return action != StackAction.NONE;
    }

    public long count(ResourcePlan.Action action) {
        return resources.stream().filter(r -> r.action() == action && !r.replaces()).count();
    }

    public long replacements() {
        return resources.stream().filter(ResourcePlan::replaces).count();
    }

    /** Replacements and removals that lose data or an address: what a reviewer must see first. */
    public List<ResourcePlan> stateLosses() {
        return resources.stream().filter(ResourcePlan::losesState).toList();
    }
}
