package io.rambla.status;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last operations of every unit, for the status page: the last {@value #DEFAULT_SIZE} per
 * unit, newest first, each with its revision, outcome, message (what the plan did, or the error)
 * and how long the unit took from the start of its apply. Kept in a {@link HistoryStore} so that
 * a restart finds it again; the store is written on a thread of its own, so a slow disk or
 * database never slows a sync, and a store that fails loses history, never a sync.
 */
@Singleton
public class UnitHistory implements SyncListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UnitHistory.class);
    public static final int DEFAULT_SIZE = 20;

    /**
     * One operation on a unit.
     *
     * @param at       when it ended
     * @param state    its outcome
     * @param message  what was done, or why not (the error)
     * @param duration from the start of the unit's apply to its outcome; null when it did not apply
     */
    public record Entry(Instant at, UnitState state, String revision, String message, Duration duration) {}

    private final int size;
    private final HistoryStore store;
    private final Map<String, Deque<Entry>> units = new ConcurrentHashMap<>();
    /** When each unit last started applying, to time its operation. */
    private final Map<String, Instant> applying = new ConcurrentHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rambla-history");
        thread.setDaemon(true);
        return thread;
    });

    /** History kept in memory only. */
    public UnitHistory() {
        this(DEFAULT_SIZE);
    }

    public UnitHistory(int size) {
        this(HistoryStore.none(), size);
    }

    @Inject
    public UnitHistory(HistoryStore store) {
        this(store, DEFAULT_SIZE);
    }

    /** Loads what {@code store} kept; a store that cannot be read starts an empty history, with an error logged. */
    public UnitHistory(HistoryStore store, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("history size must be at least 1, got " + size);
        }
        this.size = size;
        this.store = store;
        try {
            store.load(size).forEach((id, entries) -> units.put(id, new ArrayDeque<>(entries)));
            LOG.info("history of {} unit(s) loaded from {}", units.size(), store);
        } catch (Exception e) {
            LOG.error("cannot read the history from {}; starting an empty one: {}", store, e.getMessage());
        }
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

    /**
     * Records the unit's outcome unless it is the same as the last one recorded. An apply that
     * starts (APPLYING) or a unit that waits (PENDING) is not an operation yet: it only starts the clock.
     */
    public void record(UnitStatus status) {
        if (status.state() == UnitState.APPLYING) {
            applying.put(status.id(), status.updatedAt());
            return;
        }
        if (status.state() == UnitState.PENDING) {
            return;
        }
        Instant started = applying.remove(status.id());
        Duration duration = started == null || status.updatedAt().isBefore(started) ? null : Duration.between(started, status.updatedAt());
        var entry = new Entry(status.updatedAt(), status.state(), status.lastAttemptedRevision(), status.message(), duration);
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
        String unitId = status.id();
        try {
            writer.execute(() -> {
                try {
                    store.append(unitId, entry, size);
                } catch (Exception e) {
                    LOG.warn("history of {} not kept in {}: {}", unitId, store, e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("history of {} not kept: shutting down", unitId);
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

    /** Writes what is still queued for the store (for up to 10 seconds), then stops writing. */
    @PreDestroy
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("history writes still queued at shutdown were not kept");
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
