package io.rambla.reconcile;

import io.rambla.retry.UnitRetry;

/**
 * How a sync runs.
 *
 * @param concurrency how many stacks may be applied at the same time
 * @param retry       how a unit whose AWS calls fail transiently is tried again within the sync
 * @param trackDrift  keep each applied unit's drift status (drift checks are on)
 */
public record SyncSettings(int concurrency, UnitRetry retry, boolean trackDrift) {

    public SyncSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
    }

    /** Four stacks at a time, the standard retry, no drift tracking. */
    public static SyncSettings defaults() {
        return new SyncSettings(4, UnitRetry.standard(), false);
    }
}
