package io.rambla.status;

import java.util.List;
import java.util.Map;

/**
 * Where {@link UnitHistory} keeps its entries so that a restart finds them again: a local file for
 * a single daemon, the cluster's database for a cluster. Called off the sync's path, one call at
 * a time.
 */
public interface HistoryStore {

    /** Adds one entry for a unit; the store keeps at most {@code perUnit} per unit. */
    void append(String unitId, UnitHistory.Entry entry, int perUnit) throws Exception;

    /** Every unit's newest {@code perUnit} entries, newest first. */
    Map<String, List<UnitHistory.Entry>> load(int perUnit) throws Exception;

    /** Keeps nothing: a restart starts an empty history. */
    static HistoryStore none() {
        return new HistoryStore() {
            @Override
            public void append(String unitId, UnitHistory.Entry entry, int perUnit) {}

            @Override
            public Map<String, List<UnitHistory.Entry>> load(int perUnit) {
                return Map.of();
            }

            @Override
            public String toString() {
                return "memory only";
            }
        };
    }
}
