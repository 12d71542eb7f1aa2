package io.rambla.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/**
 * Which repository and branch Rambla follows ({@code rambla.git.*}, or {@code RAMBLA_GIT_URL} and
 * friends in the environment).
 *
 * @param workdir where the checkout lives; a folder under the system temp directory when unset
 */
@ConfigurationProperties("rambla.git")
public record GitConfig(
        @Nullable String url,
        @Bindable(defaultValue = "main") @NotBlank String branch,
        @Bindable(defaultValue = "30s") Duration pollInterval,
        @Nullable String workdir) {
}
