package io.rambla.apply;

import io.rambla.plan.UnitChanges;

/**
 * Told what each executed change set did to a unit, in the one plan model (resources and their
 * properties before → after), whether CloudFormation carried it out, and if not, the failure events
 * it recorded (kept here because a failed creation's stack, and its events with it, is deleted).
 * Called on the sync's thread: implementations must return at once and never throw.
 */
@FunctionalInterface
public interface AppliedChanges {

    /** Tells no one. */
    AppliedChanges NONE = (unitId, revision, applied, changes, failures) -> {};

    void executed(String unitId, String revision, boolean applied, UnitChanges changes,
            java.util.List<CloudFormationStacks.StackFailure> failures);
}
