package io.rambla.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.config.ClusterConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuartzSettingsTest {

    @Test
    void aSingleDaemonKeepsItsScheduleInMemoryWithoutADatabase() {
        var properties = QuartzSettings.forScheduler(ClusterConfig.inMemory(), "");

        assertThat(properties.getProperty("org.quartz.jobStore.class")).isEqualTo("org.quartz.simpl.RAMJobStore");
        assertThat(properties.stringPropertyNames()).noneMatch(name -> name.contains("dataSource") || name.contains("isClustered"));
    }

    @Test
    void aClusterSharesPostgresqlUnderItsNameAndChecksInAtTheConfiguredInterval() {
        var cluster = new ClusterConfig(true, "jdbc:postgresql://db:5432/rambla", "rambla", "secret", "prod", Duration.ofSeconds(7));

        var properties = QuartzSettings.forScheduler(cluster, "pool-1");

        assertThat(properties)
                .containsEntry("org.quartz.scheduler.instanceName", "prod")
                .containsEntry("org.quartz.scheduler.instanceId", "AUTO")
                .containsEntry("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX")
                .containsEntry("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate")
                .containsEntry("org.quartz.jobStore.dataSource", "pool-1")
                .containsEntry("org.quartz.jobStore.isClustered", "true")
                .containsEntry("org.quartz.jobStore.clusterCheckinInterval", "7000")
                .containsEntry("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    }

    @Test
    void thePasswordIsNeverPartOfQuartzsProperties() {
        var cluster = new ClusterConfig(true, "jdbc:postgresql://db:5432/rambla", "rambla", "s3cret-pw", "rambla", Duration.ofSeconds(5));

        assertThat(QuartzSettings.forScheduler(cluster, "pool").values()).noneMatch(value -> value.toString().contains("s3cret-pw"));
    }
}
