package io.rambla.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How stacks are applied ({@code rambla.apply.*}): every setting and every timeout of the sync in
 * one place. docs/configuration.md lists them with their defaults.
 *
 * @param concurrency           how many stacks may be applied at once
 * @param planOnly              create and read change sets, then delete them: never change a stack
 * @param beforeDeploy          {@code run} or {@code skip} apps' {@code before_deploy}
 * @param beforeDeployTimeout   how long to wait for a {@code before_deploy} task to stop
 * @param operationTimeout      how long to wait for a stack operation (create, update, delete, drift revert) to end
 * @param changeSetTimeout      how long to wait for CloudFormation to compute a change set
 * @param driftDetectionTimeout how long to wait for one stack's drift detection to finish
 * @param retryAttempts         tries in all for a unit whose AWS calls fail transiently (throttling, server errors, timeouts)
 * @param retryInitialDelay     the wait before the second try; it doubles each time, with up to 20% jitter
 * @param retryMaxDelay         the longest wait between two tries
 */
@ConfigurationProperties("rambla.apply")
public record ApplyConfig(
        @Bindable(defaultValue = "4") @Min(1) int concurrency,
        @Bindable(defaultValue = "false") boolean planOnly,
        @Bindable(defaultValue = "run") @NotBlank String beforeDeploy,
        @Bindable(defaultValue = "30m") Duration beforeDeployTimeout,
        @Bindable(defaultValue = "60m") Duration operationTimeout,
        @Bindable(defaultValue = "5m") Duration changeSetTimeout,
        @Bindable(defaultValue = "15m") Duration driftDetectionTimeout,
        @Bindable(defaultValue = "4") @Min(1) int retryAttempts,
        @Bindable(defaultValue = "2s") Duration retryInitialDelay,
        @Bindable(defaultValue = "30s") Duration retryMaxDelay) {

    /** The defaults, as a daemon without any {@code rambla.apply.*} setting runs. */
    public static ApplyConfig defaults() {
        return new ApplyConfig(4, false, "run", Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofMinutes(5),
                Duration.ofMinutes(15), 4, Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    /** Every problem with these settings, each naming the property; empty when fine. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (concurrency < 1) {
            problems.add("rambla.apply.concurrency is " + concurrency + ": it must be at least 1");
        }
        if (retryAttempts < 1) {
            problems.add("rambla.apply.retry-attempts is " + retryAttempts + ": it must be at least 1 (1 means no retry)");
        }
        positive(problems, "before-deploy-timeout", beforeDeployTimeout);
        positive(problems, "operation-timeout", operationTimeout);
        positive(problems, "change-set-timeout", changeSetTimeout);
        positive(problems, "drift-detection-timeout", driftDetectionTimeout);
        positive(problems, "retry-initial-delay", retryInitialDelay);
        positive(problems, "retry-max-delay", retryMaxDelay);
        if (retryInitialDelay != null && retryMaxDelay != null && retryMaxDelay.compareTo(retryInitialDelay) < 0) {
            problems.add("rambla.apply.retry-max-delay (" + retryMaxDelay + ") is shorter than rambla.apply.retry-initial-delay ("
                    + retryInitialDelay + ")");
        }
        return problems;
    }

    private static void positive(List<String> problems, String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            problems.add("rambla.apply." + name + " is " + value + ": it must be longer than 0s");
        }
    }
}
