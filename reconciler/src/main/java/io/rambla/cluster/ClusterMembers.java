package io.rambla.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.rambla.config.ClusterConfig;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which daemons the cluster has, for the status page, {@code /api/cluster} and a gauge. */
@Singleton
@Requires(beans = {ClusterDatabase.class, SyncScheduler.class})
public class ClusterMembers {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembers.class);

    private final ClusterDatabase database;
    private final SyncScheduler scheduler;
    private final String cluster;

    public ClusterMembers(ClusterDatabase database, SyncScheduler scheduler, ClusterConfig config, MeterRegistry registry) {
        this.database = database;
        this.scheduler = scheduler;
        this.cluster = config.name();
        Gauge.builder("rambla_cluster_daemons_alive", this, members -> members.view().map(ClusterView::aliveCount).orElse(0L))
                .description("Daemons of this cluster whose last check-in is recent enough to count as alive")
                .register(registry);
    }

    /** Empty when the database cannot be read; the page then says so instead of failing. */
    public Optional<ClusterView> view() {
        try {
            // Judged by this daemon's clock, as Quartz's own failure detection here judges them.
            Instant now = Instant.now();
            return Optional.of(new ClusterView(cluster, scheduler.instanceId(), database.checkins(cluster).stream()
                    .map(c -> new ClusterView.Daemon(c.instanceId(), c.lastCheckin(), ClusterView.alive(c.lastCheckin(), c.interval(), now)))
                    .toList()));
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not read the cluster's daemons: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
