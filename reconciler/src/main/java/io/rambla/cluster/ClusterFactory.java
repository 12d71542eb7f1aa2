package io.rambla.cluster;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.rambla.config.ClusterConfig;
import jakarta.inject.Singleton;

/** The cluster's database, only when {@code rambla.cluster.enabled}: a single daemon needs none. */
@Factory
@Requires(property = "rambla.cluster.enabled", value = "true")
public class ClusterFactory {

    @Singleton
    @Bean(preDestroy = "close")
    ClusterDatabase clusterDatabase(ClusterConfig cluster) {
        cluster.problem().ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
        return ClusterDatabase.open(cluster);
    }
}
