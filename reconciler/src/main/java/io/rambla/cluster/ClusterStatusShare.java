package io.rambla.cluster;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import io.rambla.config.ClusterConfig;
import io.rambla.status.SyncListener;
import io.rambla.status.UnitStatus;
import io.rambla.status.UnitStatusStore;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every daemon of a cluster showing the same units. The daemon that syncs writes its view
 * of every unit to the database as it goes (once per refresh interval, and when the sync ends);
 * the others take the newest view over, so the status page and {@code /api/units} agree
 * whichever daemon a load balancer picks.
 */
@Singleton
@Requires(beans = ClusterDatabase.class)
public class ClusterStatusShare implements SyncListener {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterStatusShare.class);
    private static final Argument<List<UnitStatus>> UNITS = Argument.listOf(UnitStatus.class);

    private final ClusterDatabase database;
    private final UnitStatusStore statuses;
    private final JsonMapper json;
    private final String cluster;
    private final String me = UUID.randomUUID().toString();
    private volatile boolean syncing;
    private volatile String lastWritten = "";
    private volatile Instant lastAdopted = Instant.EPOCH;

    public ClusterStatusShare(ClusterDatabase database, UnitStatusStore statuses, JsonMapper json, ClusterConfig config) {
        this.database = database;
        this.statuses = statuses;
        this.json = json;
        this.cluster = config.name();
    }

    @Override
    public void syncStarted(String revision, List<String> unitIds) {
        syncing = true;
    }

    @Override
    public void syncFinished(String revision, List<UnitStatus> units) {
        publish();
        syncing = false;
    }

    /**
     * Takes over a newer view written by another daemon; otherwise publishes what changed here
     * since (a drift check after the sync, say).
     */
    @Scheduled(fixedDelay = "${rambla.cluster.status-refresh-interval:2s}", initialDelay = "1s")
    void refresh() {
        if (syncing) {
            // At most one write per interval while units change: a first apply of 500 units changes 1,000 times.
            publish();
            return;
        }
        try {
            var shared = database.readStatus(cluster, me, lastAdopted);
            if (shared.isPresent() && !shared.get().writtenBy().equals(me)) {
                if (shared.get().units() != null) {
                    List<UnitStatus> units = json.readValue(shared.get().units().getBytes(StandardCharsets.UTF_8), UNITS);
                    statuses.replaceAll(units);
                    lastAdopted = shared.get().writtenAt();
                    lastWritten = shared.get().units();
                }
                return;
            }
            publish();
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.warn("could not read the cluster's shared status: {}", e.getMessage());
        }
    }

    private synchronized void publish() {
        try {
            String units = new String(json.writeValueAsBytes(UNITS, statuses.all()), StandardCharsets.UTF_8);
            if (!units.equals(lastWritten)) {
                database.writeStatus(cluster, me, units);
                lastWritten = units;
            }
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.warn("could not share the units' status with the cluster: {}", e.getMessage());
        }
    }
}
