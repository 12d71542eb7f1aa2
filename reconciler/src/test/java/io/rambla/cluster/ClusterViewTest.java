package io.rambla.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterViewTest {

    private static final Instant NOW = Instant.parse("2026-11-22T07:00:00Z");
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @Test
    void aDaemonIsAliveUntilItsIntervalAndQuartzsGraceHavePassedSinceItsCheckIn() {
        assertThat(ClusterView.alive(NOW.minusMillis(12_499), FIVE_SECONDS, NOW)).isTrue();
        assertThat(ClusterView.alive(NOW.minusMillis(12_500), FIVE_SECONDS, NOW)).isFalse();
    }

    @Test
    void aCheckInFromAClockAheadOfOursCountsAsAlive() {
        assertThat(ClusterView.alive(NOW.plusSeconds(2), FIVE_SECONDS, NOW)).isTrue();
    }

    @Test
    void onlyTheLivingAreCounted() {
        var view = new ClusterView("prod", "a", List.of(
                new ClusterView.Daemon("a", NOW, true), new ClusterView.Daemon("b", NOW.minusSeconds(60), false)));

        assertThat(view.aliveCount()).isEqualTo(1);
    }
}
