package io.rambla.cluster;

import io.rambla.config.ClusterConfig;
import java.util.Properties;

/**
 * The scheduler's configuration as Quartz reads it: in memory for a single daemon, or Quartz's
 * clustered JDBC job store on PostgreSQL when several daemons share the work.
 */
public final class QuartzSettings {

    /**
     * Three workers: the sync, room for a requested sync to wait its turn without starving the
     * poll, and the drift checks, which run beside syncs rather than inside them.
     */
    static final int THREADS = 3;

    private QuartzSettings() {}

    public static Properties forScheduler(ClusterConfig cluster, String dataSourceName) {
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(THREADS));
        if (!cluster.enabled()) {
            properties.setProperty("org.quartz.scheduler.instanceName", "rambla");
            properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
            return properties;
        }
        // Quartz keys every row by the scheduler name: daemons with the same name form one cluster.
        properties.setProperty("org.quartz.scheduler.instanceName", cluster.name());
        properties.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        // A sync requested through another daemon's webhook is seen here within this time.
        properties.setProperty("org.quartz.scheduler.idleWaitTime", "5000");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        properties.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        properties.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        properties.setProperty("org.quartz.jobStore.isClustered", "true");
        properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(cluster.checkinInterval().toMillis()));
        // Trigger acquisition under the row lock: no two daemons can fire the same sync trigger.
        properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        properties.setProperty("org.quartz.jobStore.useProperties", "true");
        return properties;
    }
}
