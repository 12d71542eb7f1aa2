package io.rambla.retry;

import java.time.Duration;

/**
 * How a unit whose AWS calls failed transiently (throttling, server errors, timeouts) is tried
 * again within the same sync: at most {@code maxAttempts} tries in all, waiting
 * {@code backoff.delay(n)} (exponential, with jitter) before try {@code n + 2}. Only that unit
 * waits; the others go on. An immutable value: the attempt count lives with the unit's run.
 */
public record UnitRetry(int maxAttempts, Backoff backoff) {

    public UnitRetry {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    public static UnitRetry standard() {
        return new UnitRetry(4, new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), 2.0));
    }

    /** Whether a try that failed transiently, the {@code attempt}-th (0 for the first), may be followed by another. */
    public boolean allowsAnotherAfter(int attempt) {
        return attempt + 1 < maxAttempts;
    }
}
