package io.rambla.status;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.rambla.drift.StackDrift;
import java.time.Instant;

/**
 * The last known state of one unit. The attempted and the applied revision are kept apart: after
 * a failure the stack still reflects the last applied one. {@code drift} is what the last drift
 * check of the stack found ({@code null} while the unit was never applied); it is kept across
 * state changes and reset by the sync when it changes the stack.
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
        Instant updatedAt,
        @Nullable StackDrift drift,
        @Nullable String region) {

    @Creator
    public UnitStatus {
    }

    /** A status without a known region (a unit git no longer declares, or one tracked before it was placed). */
    public UnitStatus(String id, String kind, String stack, UnitState state, String lastAttemptedRevision,
            String lastAppliedRevision, String message, Instant updatedAt, StackDrift drift) {
        this(id, kind, stack, state, lastAttemptedRevision, lastAppliedRevision, message, updatedAt, drift, null);
    }

    public UnitStatus(String id, String kind, String stack, UnitState state, String lastAttemptedRevision,
            String lastAppliedRevision, String message, Instant updatedAt) {
        this(id, kind, stack, state, lastAttemptedRevision, lastAppliedRevision, message, updatedAt, null);
    }

    public UnitStatus with(UnitState newState, String attemptedRevision, String appliedRevision, String newMessage, Instant now) {
        return new UnitStatus(id, kind, stack, newState, attemptedRevision, appliedRevision, newMessage, now, drift, region);
    }

    public UnitStatus withDrift(StackDrift newDrift) {
        return new UnitStatus(id, kind, stack, state, lastAttemptedRevision, lastAppliedRevision, message, updatedAt, newDrift, region);
    }

    /** The same status, in {@code newRegion}: the AWS region the unit's stack lives in. */
    public UnitStatus inRegion(String newRegion) {
        return new UnitStatus(id, kind, stack, state, lastAttemptedRevision, lastAppliedRevision, message, updatedAt, drift, newRegion);
    }
}
