package io.rambla.web;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Limits of the HTTP server that let it face untrusted clients ({@code rambla.http.*}). The size
 * of a request body is {@code micronaut.server.max-request-size}, which application.yml sets to
 * {@code rambla.github.webhook-max-bytes}: no address takes a larger body than a webhook.
 *
 * @param readTimeout      a connection must deliver a whole request (headers and body) within this
 *                         time of opening, or of the previous answer; otherwise it is closed
 * @param webhooksInFlight at most this many webhook bodies are received at once; more are refused
 *                         with 503 before their body is read
 */
@ConfigurationProperties("rambla.http")
public record HttpLimits(
        @Bindable(defaultValue = "10s") @NotNull Duration readTimeout,
        @Bindable(defaultValue = "8") @Min(1) int webhooksInFlight) {}
