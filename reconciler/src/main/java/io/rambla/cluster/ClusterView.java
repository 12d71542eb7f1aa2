package io.rambla.cluster;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The daemons of a cluster as Quartz's check-ins show them, seen from one of them.
 *
 * @param self    the instance id of the daemon answering
 * @param daemons every daemon with a check-in on record, the answering one included
 */
@Serdeable
public record ClusterView(String name, String self, List<Daemon> daemons) {

    /** Quartz declares a daemon dead once it has been silent for its interval plus this grace. */
    static final Duration GRACE = Duration.ofMillis(7_500);

    public ClusterView {
        daemons = List.copyOf(daemons);
    }

    /** One daemon's last check-in; {@code alive} as Quartz would judge it at the time of the view. */
    @Serdeable
    public record Daemon(String id, Instant lastCheckin, boolean alive) {}

    /** A daemon is alive while its last check-in is younger than its interval plus Quartz's grace. */
    static boolean alive(Instant lastCheckin, Duration checkinInterval, Instant now) {
        return lastCheckin.plus(checkinInterval).plus(GRACE).isAfter(now);
    }

    public long aliveCount() {
        return daemons.stream().filter(Daemon::alive).count();
    }
}
