package io.rambla.status;

import io.rambla.drift.StackDrift;

/** Told when a drift check finds a unit's stack drifted. Called on the drift watch's thread: return quickly, never throw. */
public interface DriftListener {

    /**
     * @param status the unit as it stood when its stack was checked
     * @param drift  what the check found (after any self-healing revert, whose outcome its message says)
     * @param found  the drift as detected, before any revert
     */
    void driftFound(UnitStatus status, StackDrift found, StackDrift drift);
}
