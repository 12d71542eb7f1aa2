package io.rambla.apply;

import io.rambla.plan.LiveStack;
import io.rambla.retry.Backoff;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Waits for stacks to settle with one listing of the busy stacks per poll round, shared by every
 * stack being waited for at that moment, instead of one DescribeStacks per stack per poll: with
 * {@code n} stacks in flight a round costs one call, not {@code n}. A stack is read on its own
 * (one DescribeStacks) only once a round no longer lists it as busy, for its outcome and outputs.
 *
 * <p>Each waiter keeps its own backoff; a round starts when the earliest waiter is due, no
 * sooner than {@code spacing} after the previous one, and answers every waiter that was
 * waiting before it started (a round that began earlier may predate the operation). Whoever is
 * due runs the round in its own thread: there is no background thread, and with a single waiter
 * the rounds fall on that waiter's own backoff. Only for ports that
 * {@linkplain CloudFormationStacks#listsBusyStacks list busy stacks}.
 */
final class SettleRounds {

    private final CloudFormationStacks stacks;
    private final Backoff backoff;
    private final Clock clock;
    private final long spacingNanos;
    private final LongSupplier nanoTime;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roundEnded = lock.newCondition();
    private long started;
    private long completed;
    private boolean inFlight;
    private long lastStart = Long.MIN_VALUE;
    /** What the last completed round listed: the names of the busy stacks. */
    private Set<String> busy = Set.of();
    private RuntimeException failure;

    SettleRounds(CloudFormationStacks stacks, Backoff backoff, Clock clock) {
        // A runner made without a backoff (a test's stand-in that never waits) gets no spacing; it fails only if it waits.
        this(stacks, backoff, clock, backoff == null ? 0 : backoff.initial().toNanos(), System::nanoTime);
    }

    SettleRounds(CloudFormationStacks stacks, Backoff backoff, Clock clock, long spacingNanos, LongSupplier nanoTime) {
        this.stacks = stacks;
        this.backoff = backoff;
        this.clock = clock;
        this.spacingNanos = spacingNanos;
        this.nanoTime = nanoTime;
    }

    /** How many listings were made, for tests and metrics. */
    long rounds() {
        lock.lock();
        try {
            return completed;
        } finally {
            lock.unlock();
        }
    }

    /** Waits, with backoff, until no operation runs on the stack, or {@code deadline} has passed; the stack as it then is. */
    Optional<LiveStack> awaitSettled(String stackName, Instant deadline) {
        int attempt = 0;
        long answeredBy = firstRoundFromNow();
        long due = nanoTime.getAsLong() + backoff.delay(attempt).toNanos();
        while (true) {
            Set<String> listed = awaitRound(answeredBy, due);
            if (!listed.contains(stackName) || clock.instant().isAfter(deadline)) {
                // Settled by the listing (or out of time): one read for the outcome; a listing that
                // lagged behind the stack shows here as still in progress, and the wait goes on.
                Optional<LiveStack> live = stacks.describe(stackName);
                if (live.isEmpty() || !live.get().inProgress() || clock.instant().isAfter(deadline)) {
                    return live;
                }
            }
            attempt++;
            answeredBy = firstRoundFromNow();
            due = nanoTime.getAsLong() + backoff.delay(attempt).toNanos();
        }
    }

    private long firstRoundFromNow() {
        lock.lock();
        try {
            return started + 1;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the busy stacks as a round numbered {@code answeredBy} or later listed them, running
     * that round here once {@code due} has come and no round is in flight.
     */
    private Set<String> awaitRound(long answeredBy, long due) {
        lock.lock();
        try {
            while (true) {
                if (completed >= answeredBy) {
                    if (failure != null) {
                        throw failure;
                    }
                    return busy;
                }
                long now = nanoTime.getAsLong();
                long startable = lastStart == Long.MIN_VALUE ? now : lastStart + spacingNanos;
                long wakeAt = Math.max(due, startable);
                if (!inFlight && now - wakeAt >= 0) {
                    runRound(now);
                    continue;
                }
                long wait = inFlight ? TimeUnit.SECONDS.toNanos(1) : wakeAt - now;
                roundEnded.awaitNanos(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a stack", e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs one listing with the lock released while the call is out; called with the lock held. */
    private void runRound(long now) {
        long number = ++started;
        inFlight = true;
        lastStart = now;
        Set<String> result = Set.of();
        RuntimeException error = null;
        lock.unlock();
        try {
            result = stacks.busyStacks();
        } catch (RuntimeException e) {
            error = e;
        } finally {
            lock.lock();
            busy = result;
            failure = error;
            completed = number;
            inFlight = false;
            roundEnded.signalAll();
        }
    }
}
