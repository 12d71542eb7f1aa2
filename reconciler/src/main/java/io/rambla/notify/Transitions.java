package io.rambla.notify;

import io.rambla.schema.District.NotificationEvent;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import java.util.Optional;

/**
 * Which event, if any, a unit's new state is: pure, no clock, no memory of its own. {@code previous}
 * is the last final state the notifier saw for the unit (null when it saw none since it started).
 */
public final class Transitions {

    private Transitions() {}

    /**
     * FAILED is a failure; AWAITING_APPROVAL a change held for an operator; APPLIED after a FAILED is a recovery; APPLIED at the revision being synced
     * (the stack now names this commit) is an apply; anything else (applying, blocked, invalid,
     * paused, an apply that changed nothing) says nothing.
     */
    public static Optional<NotificationEvent> of(UnitState previous, UnitStatus now, String revision) {
        return switch (now.state()) {
            case FAILED -> Optional.of(NotificationEvent.FAILED);
            case APPLIED -> previous == UnitState.FAILED ? Optional.of(NotificationEvent.RECOVERED)
                    : revision != null && revision.equals(now.lastAppliedRevision()) ? Optional.of(NotificationEvent.APPLIED)
                    : Optional.empty();
            case AWAITING_APPROVAL -> Optional.of(NotificationEvent.AWAITING_APPROVAL);
            default -> Optional.empty();
        };
    }

    /** Whether a state ends a unit's turn, so it becomes the {@code previous} of the next one. */
    public static boolean isFinal(UnitState state) {
        return state == UnitState.FAILED || state == UnitState.APPLIED || state == UnitState.AWAITING_APPROVAL;
    }
}
