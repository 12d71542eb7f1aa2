package io.rambla.status;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Units an operator paused: the sync never applies them, and says so. Every pause or resume
 * bumps {@link #version()}, so the sync knows a commit it finished must be looked at again.
 * Kept in this daemon's memory: a restart resumes every unit.
 */
@Singleton
public class PausedUnits {

    /** Who paused a unit (as the API was told), why and when. */
    public record Pause(Instant at, String reason) {}

    private final Map<String, Pause> paused = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    /** True when the unit was not paused before. */
    public boolean pause(String unitId, String reason, Instant at) {
        boolean added = paused.putIfAbsent(unitId, new Pause(at, reason)) == null;
        if (added) {
            version.incrementAndGet();
        }
        return added;
    }

    /** True when the unit was paused. */
    public boolean resume(String unitId) {
        boolean removed = paused.remove(unitId) != null;
        if (removed) {
            version.incrementAndGet();
        }
        return removed;
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
