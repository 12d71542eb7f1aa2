package io.rambla.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.Optional;

/**
 * Running several daemons as one ({@code rambla.cluster.*}). Disabled, the scheduler lives in
 * memory and needs no database; enabled, Quartz keeps its jobs in PostgreSQL and the daemons
 * sharing {@code name} take turns, so exactly one of them syncs at a time.
 *
 * @param name the cluster's name: daemons with the same name and database form one cluster
 * @param checkinInterval how often each daemon reports alive; a daemon silent for this long plus
 *                        7.5 s is declared dead and its interrupted sync is run again by another
 */
@ConfigurationProperties("rambla.cluster")
public record ClusterConfig(
        @Bindable(defaultValue = "false") boolean enabled,
        @Nullable String jdbcUrl,
        @Nullable String username,
        @Nullable String password,
        @Bindable(defaultValue = "rambla") @NotBlank String name,
        @Bindable(defaultValue = "5s") Duration checkinInterval) {

    public static ClusterConfig inMemory() {
        return new ClusterConfig(false, null, null, null, "rambla", Duration.ofSeconds(5));
    }

    /** Why this configuration cannot start a cluster, or empty when it can (or clustering is off). */
    public Optional<String> problem() {
        if (!enabled) {
            return Optional.empty();
        }
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            return Optional.of("rambla.cluster.enabled is true but rambla.cluster.jdbc-url is not set");
        }
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            return Optional.of("rambla.cluster.jdbc-url must be a PostgreSQL URL (jdbc:postgresql://host:port/database), not " + jdbcUrl);
        }
        if (checkinInterval.isNegative() || checkinInterval.isZero()) {
            return Optional.of("rambla.cluster.checkin-interval must be positive");
        }
        return Optional.empty();
    }
}
