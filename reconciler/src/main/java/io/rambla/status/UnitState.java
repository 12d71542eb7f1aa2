package io.rambla.status;

/** Where a unit stands, in the words the status API and commit statuses use. */
public enum UnitState {
    /** Known from git, not reconciled yet. */
    PENDING,
    /** A change set is being created or executed. */
    APPLYING,
    /** The live stack matches the last reconciled commit. */
    APPLIED,
    /** Plan-only mode: the change set was computed and discarded; {@code message} says what it would do. */
    PLANNED,
    /** CloudFormation refused or rolled back the change; {@code message} says why. */
    FAILED,
    /** The commit did not validate; nothing was applied. */
    INVALID,
    /** An upstream unit failed, so this one was not attempted. */
    BLOCKED,
    /** Removed from git; its stack is still there (pruning off, or a district still in use). */
    ORPHANED,
    /** Removed from git and its stack deleted (pruning on). */
    PRUNED,
    /** Paused by an operator: not applied, whatever the commit asks, until resumed. */
    PAUSED,
    /** Held by rambla.yml's {@code approval}: its change set waits for an operator to approve this commit. */
    AWAITING_APPROVAL
}
