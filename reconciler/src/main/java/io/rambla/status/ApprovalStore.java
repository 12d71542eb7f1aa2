package io.rambla.status;

import java.util.Map;

/**
 * Where {@link ApprovedUnits} keeps the operators' approvals so that a restart keeps them, as
 * {@link PauseStore} keeps pauses: a file beside the history for a single daemon, the cluster's
 * database for a cluster. Written on each approval, read at start and at the start of each sync
 * (so an approval made through any daemon of a cluster reaches the one that applies).
 */
public interface ApprovalStore {

    /** Every unit's approval. */
    Map<String, ApprovedUnits.Approved> load() throws Exception;

    /** Records a unit's approval, replacing an earlier one of the same unit. */
    void put(String unitId, ApprovedUnits.Approved approval) throws Exception;

    /** Keeps nothing: after a restart a held unit waits for a new approval. */
    static ApprovalStore none() {
        return MemoryOnly.NONE;
    }

    /** The store of {@link #none()}. */
    final class MemoryOnly {
        private MemoryOnly() {}

        static final ApprovalStore NONE = new ApprovalStore() {
            @Override
            public Map<String, ApprovedUnits.Approved> load() {
                return Map.of();
            }

            @Override
            public void put(String unitId, ApprovedUnits.Approved approval) {}

            @Override
            public String toString() {
                return "memory only";
            }
        };
    }
}
