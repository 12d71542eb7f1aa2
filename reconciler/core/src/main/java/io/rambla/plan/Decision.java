package io.rambla.plan;

/**
 * What to do with one unit's stack, decided from its desired state and its live stack alone.
 * Each decision says in a few words what it means ({@link #describe()}), as {@code rambla plan}
 * prints it.
 */
public sealed interface Decision {

    /** E.g. {@code create}, {@code unchanged}, {@code wait: UPDATE_IN_PROGRESS}. */
    String describe();

    /** The live stack already carries the desired-state hash: no change set is needed. */
    record NoChange(String appliedRevision) implements Decision {
        @Override
        public String describe() {
            return "unchanged";
        }
    }

    /** No stack exists: create one through a CREATE change set. */
    record Create() implements Decision {
        @Override
        public String describe() {
            return "create";
        }
    }

    /** The stack exists with another desired state: update it through an UPDATE change set. */
    record Update() implements Decision {
        @Override
        public String describe() {
            return "update";
        }
    }

    /** An earlier creation failed and rolled back; the empty stack must be deleted before creating again. */
    record DeleteFailedThenCreate(String previousStatus) implements Decision {
        @Override
        public String describe() {
            return "delete the failed stack (" + previousStatus + ") and create";
        }
    }

    /** Another operation runs on the stack (another tool, or this daemon before a restart): wait for it. */
    record WaitForOperation(String status) implements Decision {
        @Override
        public String describe() {
            return "wait: " + status;
        }
    }

    /** The stack is in a state no change set can fix; a person must look. */
    record Stuck(String status, String reason) implements Decision {
        @Override
        public String describe() {
            return "stuck: " + status;
        }
    }
}
