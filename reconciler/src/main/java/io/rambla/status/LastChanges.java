package io.rambla.status;

import io.rambla.plan.UnitChanges;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per unit, the last change set the sync executed and CloudFormation carried out, and the last one
 * that failed since then: the resources and properties it changed, for the unit's page and the JSON
 * API. Kept in this daemon's memory: after a restart, or on another daemon of a cluster, it fills
 * again with the next apply.
 */
@Singleton
public class LastChanges {

    /**
     * One executed change: the commit, when it ended, what it changed and, for one that failed, the
     * failure events CloudFormation recorded (at most {@value #MAX_FAILURES}).
     */
    public record Change(String revision, Instant at, UnitChanges changes, List<Failure> failures) {
        public Change {
            failures = failures.stream().limit(MAX_FAILURES).toList();
        }
    }

    /** A resource CloudFormation failed to create, update or delete, and why. */
    public record Failure(String logicalId, String type, String status, String reason) {}

    static final int MAX_FAILURES = 20;

    /** The unit's last applied change and, when a later one failed, that one; either may be empty. */
    public record Of(Optional<Change> applied, Optional<Change> failed) {
        public static final Of NONE = new Of(Optional.empty(), Optional.empty());
    }

    private final Map<String, Of> units = new ConcurrentHashMap<>();
    private final Clock clock;

    public LastChanges() {
        this(Clock.systemUTC());
    }

    public LastChanges(Clock clock) {
        this.clock = clock;
    }

    /** Records an executed change set: an applied one replaces the last applied and clears a failed one. */
    public void executed(String unitId, String revision, boolean applied, UnitChanges changes, List<Failure> failures) {
        Change change = new Change(revision, clock.instant(), changes, failures);
        units.merge(unitId, applied ? new Of(Optional.of(change), Optional.empty()) : new Of(Optional.empty(), Optional.of(change)),
                (before, now) -> applied ? now : new Of(before.applied(), now.failed()));
    }

    public Of of(String unitId) {
        return units.getOrDefault(unitId, Of.NONE);
    }
}
