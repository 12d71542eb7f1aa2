package io.rambla.drift.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DriftSettingsTest {

    @Test
    void checks_are_on_with_a_positive_interval_and_off_with_zero() {
        assertThat(new DriftSettings(Duration.ofHours(6), false).enabled()).isTrue();
        assertThat(new DriftSettings(Duration.ZERO, false).enabled()).isFalse();
        assertThat(DriftSettings.off().enabled()).isFalse();
    }

    @Test
    void usual_settings_have_no_problems() {
        assertThat(new DriftSettings(Duration.ofHours(6), false).problems(false)).isEmpty();
        assertThat(new DriftSettings(Duration.ofHours(6), true).problems(false)).isEmpty();
        assertThat(new DriftSettings(Duration.ofHours(6), false).problems(true)).isEmpty();
        assertThat(DriftSettings.off().problems(true)).isEmpty();
    }

    @Test
    void a_negative_interval_is_refused_naming_the_way_to_turn_checks_off() {
        assertThat(new DriftSettings(Duration.ofHours(-1), false).problems(false))
                .containsExactly("rambla.drift.interval is PT-1H: it cannot be negative (0s turns drift checks off)");
    }

    @Test
    void self_healing_without_drift_checks_is_refused() {
        assertThat(new DriftSettings(Duration.ZERO, true).problems(false)).containsExactly(
                "rambla.drift.revert is true but drift checks are off (rambla.drift.interval: PT0S): self-healing reverts what a check finds, so set an interval such as 6h");
    }

    @Test
    void self_healing_in_plan_only_mode_is_refused_and_every_problem_is_reported_at_once() {
        assertThat(new DriftSettings(Duration.ofHours(6), true).problems(true))
                .containsExactly("rambla.drift.revert cannot be combined with rambla.apply.plan-only: plan-only never changes a stack");
        assertThat(new DriftSettings(Duration.ofHours(-1), true).problems(true)).hasSize(3);
    }
}
