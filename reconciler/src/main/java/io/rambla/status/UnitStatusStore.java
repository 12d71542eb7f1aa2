package io.rambla.status;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/**
 * The daemon's view of every unit. In memory on purpose: after a restart it is rebuilt from git
 * and from the tags on the live stacks, which are the truth. In a cluster, the daemons share it
 * through the database ({@code io.rambla.cluster.ClusterStatusShare}).
 */
@Singleton
public class UnitStatusStore {

    private final Map<String, UnitStatus> units = new ConcurrentSkipListMap<>();
    private final Clock clock;

    public UnitStatusStore() {
        this(Clock.systemUTC());
    }

    public UnitStatusStore(Clock clock) {
        this.clock = clock;
    }

    public List<UnitStatus> all() {
        return List.copyOf(units.values());
    }

    public Optional<UnitStatus> get(String id) {
        return Optional.ofNullable(units.get(id));
    }

    public void track(String id, String kind, String stack) {
        units.computeIfAbsent(id, k -> new UnitStatus(id, kind, stack, UnitState.PENDING, null, null, null, clock.instant()));
    }

    /** Tracks the unit, and records the AWS region its stack lives in. */
    public void track(String id, String kind, String stack, String region) {
        track(id, kind, stack);
        units.computeIfPresent(id, (k, status) -> java.util.Objects.equals(status.region(), region) ? status : status.inRegion(region));
    }

    public void update(String id, UnaryOperator<UnitStatus> change) {
        units.computeIfPresent(id, (k, status) -> change.apply(status));
    }

    public void record(String id, UnitState state, String attemptedRevision, String appliedRevision, String message) {
        update(id, s -> s.with(state, attemptedRevision, appliedRevision, message, clock.instant()));
    }

    public void forget(String id) {
        units.remove(id);
    }

    /** Takes over another daemon's view of every unit (a cluster shares one view). */
    public void replaceAll(List<UnitStatus> statuses) {
        Map<String, UnitStatus> incoming = new java.util.HashMap<>();
        statuses.forEach(status -> incoming.put(status.id(), status));
        units.keySet().retainAll(incoming.keySet());
        units.putAll(incoming);
    }
}
