package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.util.List;
import reactor.core.publisher.Mono;
import org.junit.jupiter.api.Test;

class SyncReadinessIndicatorTest {

    private static HealthResult result(SyncReadinessIndicator indicator) {
        return Mono.from(indicator.getResult()).block();
    }

    @Test
    void a_daemon_following_a_repository_is_not_ready_before_its_first_sync_finished() {
        var indicator = new SyncReadinessIndicator("file:///srv/infra.git");

        assertThat(result(indicator).getStatus()).isEqualTo(HealthStatus.DOWN);

        indicator.syncFinished("4f2c9e1a", List.of());
        assertThat(result(indicator).getStatus()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void a_daemon_following_nothing_is_ready_at_once() {
        assertThat(result(new SyncReadinessIndicator("")).getStatus()).isEqualTo(HealthStatus.UP);
    }
}
