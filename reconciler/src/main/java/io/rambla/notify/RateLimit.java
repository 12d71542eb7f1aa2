package io.rambla.notify;

import java.time.Duration;
import java.time.Instant;

/**
 * At most one message per {@code spacing} to one target (Slack allows about one a second per
 * incoming webhook): {@link #reserve} says when the next send may go, and takes that slot. Not
 * thread-safe; the outbox's one worker owns it.
 */
final class RateLimit {

    private final Duration spacing;
    private Instant next = Instant.MIN;

    RateLimit(Duration spacing) {
        this.spacing = spacing;
    }

    /** The time a send may happen, {@code now} or later; the slot is taken only when it is {@code now}. */
    Instant reserve(Instant now) {
        if (now.isBefore(next)) {
            return next;
        }
        next = now.plus(spacing);
        return now;
    }
}
