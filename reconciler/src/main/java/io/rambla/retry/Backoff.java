package io.rambla.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait between polls of a slow operation: exponential from {@code initial} up to
 * {@code max}, with up to 20% jitter so many units do not poll in step.
 */
public record Backoff(Duration initial, Duration max, double multiplier) {

    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), 1.6);
    }

    public Duration delay(int attempt) {
        double millis = initial.toMillis() * Math.pow(multiplier, attempt);
        long capped = (long) Math.min(millis, max.toMillis());
        long jitter = (long) (capped * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(capped - jitter);
    }

    public void sleep(int attempt) {
        try {
            Thread.sleep(delay(attempt).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
