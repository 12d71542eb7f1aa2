package io.rambla.status;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Units an operator paused: the sync never applies them, and says so. Every pause or resume
 * bumps {@link #version()}, so the sync knows a commit it finished must be looked at again.
 * Kept in a {@link PauseStore} (a file beside the history, or the cluster's database), so a
 * restart keeps every pause; {@link #refresh()} takes in pauses another daemon of the cluster made.
 */
@Singleton
public class PausedUnits {

    private static final Logger LOG = LoggerFactory.getLogger(PausedUnits.class);

    /** Who paused a unit (as the API was told), why and when. */
    public record Pause(Instant at, String reason) {}

    /** The pause or resume is in force in this daemon, but the store did not keep it: a restart loses it. */
    public static final class NotKept extends RuntimeException {
        NotKept(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Map<String, Pause> paused = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private final PauseStore store;

    /** Pauses kept in memory only. */
    public PausedUnits() {
        this(PauseStore.none());
    }

    /** Loads what {@code store} kept; a store that cannot be read starts with no pause, with an error logged. */
    @Inject
    public PausedUnits(PauseStore store) {
        this.store = store;
        try {
            paused.putAll(store.load());
            if (!paused.isEmpty()) {
                LOG.info("{} paused unit(s) loaded from {}: {}", paused.size(), store, new TreeMap<>(paused).keySet());
            }
        } catch (Exception e) {
            LOG.error("cannot read the pauses from {}; starting with none: {}", store, e.getMessage());
        }
    }

    /**
     * True when the unit was not paused before.
     *
     * @throws NotKept when the pause is in force but the store failed to keep it
     */
    public synchronized boolean pause(String unitId, String reason, Instant at) {
        if (paused.containsKey(unitId)) {
            return false;
        }
        Pause pause = new Pause(at, reason);
        paused.put(unitId, pause);
        version.incrementAndGet();
        try {
            store.put(unitId, pause);
        } catch (Exception e) {
            throw new NotKept("paused, but " + store + " did not keep it (a restart resumes it): " + e.getMessage(), e);
        }
        return true;
    }

    /**
     * True when the unit was paused.
     *
     * @throws NotKept when the unit is resumed here but the store still holds its pause
     */
    public synchronized boolean resume(String unitId) {
        boolean removed = paused.remove(unitId) != null;
        if (removed) {
            version.incrementAndGet();
            try {
                store.remove(unitId);
            } catch (Exception e) {
                throw new NotKept("resumed, but " + store + " still holds the pause (a restart pauses it again): " + e.getMessage(), e);
            }
        }
        return removed;
    }

    /**
     * Reads the store again and takes over its pauses, so a cluster's daemons agree on them; a
     * store that cannot be read leaves the pauses as they were.
     */
    public synchronized void refresh() {
        if (store == PauseStore.none()) {
            return;
        }
        Map<String, Pause> stored;
        try {
            stored = store.load();
        } catch (Exception e) {
            LOG.warn("cannot read the pauses from {}; keeping the ones this daemon knows: {}", store, e.getMessage());
            return;
        }
        if (!stored.equals(Map.copyOf(paused))) {
            paused.keySet().retainAll(stored.keySet());
            paused.putAll(stored);
            version.incrementAndGet();
        }
    }

    public Optional<Pause> get(String unitId) {
        return Optional.ofNullable(paused.get(unitId));
    }

    public Map<String, Pause> all() {
        return new TreeMap<>(paused);
    }

    public long version() {
        return version.get();
    }

    /** What a paused unit's status says. */
    public static String message(Pause pause) {
        return "paused by an operator" + (pause.reason() == null || pause.reason().isBlank() ? "" : " (" + pause.reason() + ")")
                + ": not applied until resumed";
    }
}
