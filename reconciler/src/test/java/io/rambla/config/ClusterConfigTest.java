package io.rambla.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

    private static ClusterConfig enabled(String jdbcUrl, Duration checkin) {
        return new ClusterConfig(true, jdbcUrl, "rambla", "rambla", "rambla", checkin);
    }

    @Test
    void clusteringOffNeedsNothingElse() {
        assertThat(ClusterConfig.inMemory().problem()).isEmpty();
    }

    @Test
    void clusteringOnWithoutADatabaseSaysWhichPropertyIsMissing() {
        assertThat(enabled(null, Duration.ofSeconds(5)).problem())
                .hasValue("rambla.cluster.enabled is true but rambla.cluster.jdbc-url is not set");
    }

    @Test
    void onlyPostgresqlIsAccepted() {
        assertThat(enabled("jdbc:mysql://db/rambla", Duration.ofSeconds(5)).problem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("must be a PostgreSQL URL").contains("jdbc:mysql://db/rambla"));
    }

    @Test
    void theCheckInIntervalMustBePositive() {
        assertThat(enabled("jdbc:postgresql://db/rambla", Duration.ZERO).problem()).hasValue("rambla.cluster.checkin-interval must be positive");
    }

    @Test
    void aPostgresqlUrlWithAPositiveIntervalIsAccepted() {
        assertThat(enabled("jdbc:postgresql://db:5432/rambla", Duration.ofSeconds(5)).problem()).isEmpty();
    }
}
