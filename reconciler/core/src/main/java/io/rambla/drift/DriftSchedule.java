package io.rambla.drift;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Which stacks are due for a drift check. Pure: the caller passes the time. */
public final class DriftSchedule {

    private DriftSchedule() {}

    /**
     * One unit as the schedule sees it.
     *
     * @param applied the unit's stack matches the last reconciled commit; only those are checked
     * @param drift   what is known of its drift, {@code null} when nothing is
     */
    public record Candidate(String unitId, boolean applied, StackDrift drift) {
        Instant lastChecked() {
            return drift == null ? null : drift.checkedAt();
        }
    }

    /**
     * The applied units whose last check (or failed attempt) is at least {@code interval} old, or
     * that were never checked: never-checked first, then the oldest check, at most {@code limit}.
     * A zero interval means drift checks are off.
     */
    public static List<String> due(Collection<Candidate> units, Instant now, Duration interval, int limit) {
        if (interval.isZero() || interval.isNegative() || limit < 1) {
            return List.of();
        }
        return units.stream()
                .filter(Candidate::applied)
                .filter(c -> c.lastChecked() == null || !c.lastChecked().plus(interval).isAfter(now))
                .sorted(Comparator.comparing(Candidate::lastChecked, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Candidate::unitId))
                .limit(limit)
                .map(Candidate::unitId)
                .toList();
    }
}
