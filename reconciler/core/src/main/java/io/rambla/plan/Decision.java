package io.rambla.plan;

/** What to do with one unit's stack, decided from its desired state and its live stack alone. */
public sealed interface Decision {

    /** The live stack already carries the desired-state hash: no change set is needed. */
    record NoChange(String appliedRevision) implements Decision {}

    /** No stack exists: create one through a CREATE change set. */
    record Create() implements Decision {}

    /** The stack exists with another desired state: update it through an UPDATE change set. */
    record Update() implements Decision {}

    /** An earlier creation failed and rolled back; the empty stack must be deleted before creating again. */
    record DeleteFailedThenCreate(String previousStatus) implements Decision {}

    /** Another operation runs on the stack (another tool, or this daemon before a restart): wait for it. */
    record WaitForOperation(String status) implements Decision {}

    /** The stack is in a state no change set can fix; a person must look. */
    record Stuck(String status, String reason) implements Decision {}
}
