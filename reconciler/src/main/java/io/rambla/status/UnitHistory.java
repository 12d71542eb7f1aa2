package io.rambla.status;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent state changes of every unit, for the status page: the last {@value #DEFAULT_SIZE}
 * per unit, newest first. Kept in memory only, like {@link UnitStatusStore}; a restart starts an
 * empty history, and git plus the stacks' tags stay the truth.
 */
@Singleton
public class UnitHistory implements SyncListener {

    public static final int DEFAULT_SIZE = 20;

    /** One state a unit reached. */
    public record Entry(Instant at, UnitState state, String revision, String message) {}

    private final int size;
    private final Map<String, Deque<Entry>> units = new ConcurrentHashMap<>();

    public UnitHistory() {
        this(DEFAULT_SIZE);
    }

    public UnitHistory(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("history size must be at least 1, got " + size);
        }
        this.size = size;
    }

    @Override
    public void unitChanged(String revision, UnitStatus status) {
        record(status);
    }

    /** The final states arrive again here; {@link #record} drops the repeats. */
    @Override
    public void syncFinished(String revision, List<UnitStatus> units) {
        units.forEach(this::record);
    }

    /** Adds the unit's current state unless it is the same as the last one recorded. */
    public void record(UnitStatus status) {
        var entry = new Entry(status.updatedAt(), status.state(), status.lastAttemptedRevision(), status.message());
        Deque<Entry> entries = units.computeIfAbsent(status.id(), k -> new ArrayDeque<>());
        synchronized (entries) {
            Entry last = entries.peekFirst();
            if (last != null && last.state() == entry.state() && Objects.equals(last.revision(), entry.revision())
                    && Objects.equals(last.message(), entry.message())) {
                return;
            }
            entries.addFirst(entry);
            while (entries.size() > size) {
                entries.removeLast();
            }
        }
    }

    /** Newest first; empty for a unit never seen. */
    public List<Entry> of(String unitId) {
        Deque<Entry> entries = units.get(unitId);
        if (entries == null) {
            return List.of();
        }
        synchronized (entries) {
            return List.copyOf(new ArrayList<>(entries));
        }
    }
}
