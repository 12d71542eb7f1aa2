package io.rambla.web;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * The operator API ({@code rambla.api.*}).
 *
 * @param token the bearer token that {@code POST /api/sync} requires; unset disables the call
 */
@ConfigurationProperties("rambla.api")
public record ApiConfig(@Nullable String token) {

    public boolean hasToken() {
        return token != null && !token.isBlank();
    }
}
