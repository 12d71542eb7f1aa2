package io.rambla.apply;

import io.rambla.plan.ChangeSet;
import java.util.List;
import java.util.Map;

/**
 * How applying one unit ended.
 *
 * @param appliedRevision the commit the live stack now reflects (for UNCHANGED, the one that last changed it)
 * @param outputs         the stack's outputs after the operation, for downstream units
 */
public record ApplyOutcome(Result result, String message, String appliedRevision, List<ChangeSet.ResourceChange> changes, Map<String, String> outputs) {

    /** {@code HELD}: the change set needs an operator's approval (rambla.yml's {@code approval}); nothing was executed. */
    public enum Result { UNCHANGED, CREATED, UPDATED, DELETED, PLANNED, FAILED, HELD }

    public ApplyOutcome {
        changes = List.copyOf(changes);
        outputs = Map.copyOf(outputs);
    }

    public static ApplyOutcome failed(String message) {
        return new ApplyOutcome(Result.FAILED, message, null, List.of(), Map.of());
    }

    /** The unit's change waits for an operator; {@code message} says why. Its stack is left as it was. */
    public static ApplyOutcome held(String message) {
        return new ApplyOutcome(Result.HELD, message, null, List.of(), Map.of());
    }

    public boolean succeeded() {
        return result != Result.FAILED;
    }
}
