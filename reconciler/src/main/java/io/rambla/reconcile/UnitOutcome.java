package io.rambla.reconcile;

import io.rambla.status.UnitState;
import java.util.Map;

/**
 * How one unit's turn in a sync ended: the only result the executor hands to the recorder, which
 * turns it into the unit's status. Each kind says whether the unit is tried again, and when.
 */
public sealed interface UnitOutcome {

    /** The state the status API and commit statuses show for this outcome. */
    UnitState state();

    /** What the status message says. */
    String message();

    /** The live stack now matches the desired state; {@code changed} when this sync created or updated it. */
    record Applied(String appliedRevision, boolean changed, String message, Map<String, String> outputs) implements UnitOutcome {
        public Applied {
            outputs = Map.copyOf(outputs);
        }

        @Override
        public UnitState state() {
            return UnitState.APPLIED;
        }
    }

    /** Plan-only: the change set was computed and discarded. */
    record Planned(String appliedRevision, String message, Map<String, String> outputs) implements UnitOutcome {
        public Planned {
            outputs = Map.copyOf(outputs);
        }

        @Override
        public UnitState state() {
            return UnitState.PLANNED;
        }
    }

    /** Not attempted: a unit it depends on is not applied. */
    record Blocked(String message) implements UnitOutcome {
        @Override
        public UnitState state() {
            return UnitState.BLOCKED;
        }
    }

    /** Not attempted: an operator paused the unit. Units downstream go on against its live stack. */
    record Paused(String message) implements UnitOutcome {
        @Override
        public UnitState state() {
            return UnitState.PAUSED;
        }
    }

    /**
     * Held by the approval setting: the change set was computed and deleted, nothing ran. The same
     * commit is tried again once an operator approves it; a newer commit is judged afresh.
     */
    record AwaitingApproval(String message) implements UnitOutcome {
        @Override
        public UnitState state() {
            return UnitState.AWAITING_APPROVAL;
        }
    }

    /** Not attempted yet: an upstream stack lacks an output this unit needs; the next poll tries again. */
    record Waiting(String message) implements UnitOutcome {
        @Override
        public UnitState state() {
            return UnitState.FAILED;
        }
    }

    /** The unit failed at {@code stage}; {@code retry} says when it is tried again. */
    record Failed(Stage stage, Retry retry, String message) implements UnitOutcome {
        @Override
        public UnitState state() {
            return UnitState.FAILED;
        }
    }

    /** Where a unit failed. */
    enum Stage {
        /** Reading or changing the stack through CloudFormation's API. */
        AWS_CALL,
        /** CloudFormation ran the change and it failed or rolled back, or the stack needs a person. */
        STACK_OPERATION
    }

    /** When a failed unit is tried again. */
    enum Retry {
        /** On the next poll, even of the same commit: the failure may pass by itself (throttling, a timeout). */
        NEXT_POLL,
        /** Only for a new commit or an operator's forced sync: trying the same again would fail the same way. */
        NEXT_COMMIT
    }
}
