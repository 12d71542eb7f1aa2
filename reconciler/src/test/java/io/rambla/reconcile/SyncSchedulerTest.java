package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SyncSchedulerTest {

    @Test
    void pollsWaitUpToATenthOfTheIntervalBeforeSyncing() {
        assertThat(SyncScheduler.maxJitter(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theJitterNeverExceedsThirtySecondsHoweverLongTheInterval() {
        assertThat(SyncScheduler.maxJitter(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(30));
    }
}
