package io.rambla.status;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * The last known state of one unit. The attempted and the applied revision are kept apart: after
 * a failure the stack still reflects the last applied one.
 */
@Serdeable
public record UnitStatus(
        String id,
        String kind,
        String stack,
        UnitState state,
        @Nullable String lastAttemptedRevision,
        @Nullable String lastAppliedRevision,
        @Nullable String message,
        Instant updatedAt) {

    public UnitStatus with(UnitState newState, String attemptedRevision, String appliedRevision, String newMessage, Instant now) {
        return new UnitStatus(id, kind, stack, newState, attemptedRevision, appliedRevision, newMessage, now);
    }
}
