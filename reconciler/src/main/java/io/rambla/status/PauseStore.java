package io.rambla.status;

import java.util.Map;

/**
 * Where {@link PausedUnits} keeps the operator's pauses so that a restart keeps them: a file beside
 * the history for a single daemon, the cluster's database for a cluster. Written on each pause and
 * resume, read at start and at the start of each sync (so a cluster's daemons see each other's pauses).
 */
public interface PauseStore {

    /** Every paused unit. */
    Map<String, PausedUnits.Pause> load() throws Exception;

    /** Records a pause, replacing an earlier one of the same unit. */
    void put(String unitId, PausedUnits.Pause pause) throws Exception;

    /** Forgets a unit's pause; nothing happens when it had none. */
    void remove(String unitId) throws Exception;

    /** Keeps nothing: a restart resumes every unit. */
    static PauseStore none() {
        return MemoryOnly.NONE;
    }

    /** The store of {@link #none()}: the daemon's memory is the only copy, so there is nothing to read back. */
    final class MemoryOnly {
        private MemoryOnly() {}

        static final PauseStore NONE = new PauseStore() {
            @Override
            public Map<String, PausedUnits.Pause> load() {
                return Map.of();
            }

            @Override
            public void put(String unitId, PausedUnits.Pause pause) {}

            @Override
            public void remove(String unitId) {}

            @Override
            public String toString() {
                return "memory only";
            }
        };
    }
}
