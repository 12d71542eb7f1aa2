package io.rambla.status.github;

import io.rambla.retry.Backoff;
import java.time.Duration;

/**
 * How writes to the git host are retried: up to {@code maxAttempts} tries, with exponential
 * backoff and jitter between them, or until the rate limit resets when the host said when
 * (never longer than {@code maxWait} at a time).
 */
public record RetryPolicy(int maxAttempts, Backoff backoff, Duration maxWait) {

    public static RetryPolicy standard() {
        return new RetryPolicy(6, new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0), Duration.ofHours(1));
    }

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }
}
