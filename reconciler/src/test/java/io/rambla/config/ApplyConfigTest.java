package io.rambla.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code rambla.apply.*}: defaults as documented, every timeout settable, nonsense named at start. */
class ApplyConfigTest {

    @Test
    void the_defaults_are_the_documented_ones() {
        try (var context = ApplicationContext.run(Map.of())) {
            assertThat(context.getBean(ApplyConfig.class)).isEqualTo(ApplyConfig.defaults());
        }
        assertThat(ApplyConfig.defaults().problems()).isEmpty();
    }

    @Test
    void every_timeout_and_the_retry_policy_can_be_set() {
        try (var context = ApplicationContext.run(Map.of(
                "rambla.apply.operation-timeout", "90m",
                "rambla.apply.change-set-timeout", "2m",
                "rambla.apply.drift-detection-timeout", "20m",
                "rambla.apply.before-deploy-timeout", "10m",
                "rambla.apply.retry-attempts", "6",
                "rambla.apply.retry-initial-delay", "500ms",
                "rambla.apply.retry-max-delay", "1m"))) {
            var apply = context.getBean(ApplyConfig.class);
            assertThat(apply.operationTimeout()).isEqualTo(Duration.ofMinutes(90));
            assertThat(apply.changeSetTimeout()).isEqualTo(Duration.ofMinutes(2));
            assertThat(apply.driftDetectionTimeout()).isEqualTo(Duration.ofMinutes(20));
            assertThat(apply.beforeDeployTimeout()).isEqualTo(Duration.ofMinutes(10));
            assertThat(apply.retryAttempts()).isEqualTo(6);
            assertThat(apply.retryInitialDelay()).isEqualTo(Duration.ofMillis(500));
            assertThat(apply.retryMaxDelay()).isEqualTo(Duration.ofMinutes(1));
            assertThat(apply.problems()).isEmpty();
        }
    }

    @Test
    void every_nonsensical_setting_is_named() {
        var apply = new ApplyConfig(0, false, "run", Duration.ZERO, Duration.ofMinutes(-1), Duration.ofMinutes(5), Duration.ofMinutes(15),
                0, Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(apply.problems()).containsExactly(
                "rambla.apply.concurrency is 0: it must be at least 1",
                "rambla.apply.retry-attempts is 0: it must be at least 1 (1 means no retry)",
                "rambla.apply.before-deploy-timeout is PT0S: it must be longer than 0s",
                "rambla.apply.operation-timeout is PT-1M: it must be longer than 0s",
                "rambla.apply.retry-max-delay (PT5S) is shorter than rambla.apply.retry-initial-delay (PT10S)");
    }

    @Test
    void a_daemon_with_nonsensical_apply_settings_does_not_start_and_names_them() {
        assertThatThrownBy(() -> ApplicationContext.run(Map.of(
                "rambla.git.url", "file:///nowhere/infra.git",
                "rambla.aws.endpoint", "http://127.0.0.1:9",
                "rambla.apply.retry-initial-delay", "10s",
                "rambla.apply.retry-max-delay", "5s")).close())
                .rootCause()
                .hasMessage("rambla.apply.retry-max-delay (PT5S) is shorter than rambla.apply.retry-initial-delay (PT10S)");
    }
}
