package io.rambla.apply;

import io.rambla.plan.LiveStack;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live stacks of one region as last read, refreshed by change: {@link ListingPolicy} decides
 * when the whole region is listed again and which stacks are read again by name; every change
 * Rambla makes to a stack marks it ({@link #changed}), and every DescribeStacks of one stack
 * updates its entry ({@link #seen}), so an apply's own last read keeps the cache current.
 *
 * <p>Thread-safe: the calls to CloudFormation are made outside the lock, and a change marked while
 * a read of the stack was out keeps the mark (each mark carries a number from one counter; a read
 * clears only the marks older than its start), so the stack is read again at the next listing.
 */
final class ListingCache {

    private static final Logger LOG = LoggerFactory.getLogger(ListingCache.class);

    private final ListingPolicy policy;
    private final Clock clock;
    private final Object lock = new Object();
    private Map<String, LiveStack> entries = new HashMap<>();
    /** Stacks changed since they were last read, by the number of their latest change. */
    private final Map<String, Long> changed = new HashMap<>();
    private long counter;
    /** When the last full listing started; null: none yet, or the cache was emptied. */
    private Instant lastFull;
    /** The counter when {@link #forget} was last called: a full listing that started before it does not count. */
    private long forgotten = -1;

    ListingCache(ListingPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** Where the change counter stands: pass it to {@link #seen} for a read that starts now. */
    long mark() {
        synchronized (lock) {
            return counter;
        }
    }

    /** Rambla changes (or is about to change) the stack: its entry is read again at the next listing. */
    void changed(String stackName) {
        synchronized (lock) {
            changed.put(stackName, ++counter);
        }
    }

    /** A change the cache cannot tie to a stack: the next listing is a full one. */
    void forget() {
        synchronized (lock) {
            lastFull = null;
            forgotten = ++counter;
        }
    }

    /** A read of one stack that started at {@code mark} answered {@code live} (empty: no such stack). */
    void seen(String stackName, Optional<LiveStack> live, long mark) {
        synchronized (lock) {
            ListingPolicy.put(entries, stackName, live);
            Long change = changed.get(stackName);
            if (change != null && change <= mark) {
                changed.remove(stackName);
            }
        }
    }

    /**
     * The live stacks of the region: a full listing when one is due or {@code forced}, else the
     * cache with the changed and in-progress stacks read again by name through {@code region}.
     */
    List<LiveStack> listing(boolean forced, CloudFormationStacks region) {
        ListingPolicy.Refresh refresh;
        synchronized (lock) {
            refresh = policy.decide(lastFull, clock.instant(), forced, entries.values(), changed.keySet());
        }
        if (refresh instanceof ListingPolicy.Refresh.Full full) {
            LOG.debug("full listing of the live stacks: {}", full.reason());
            return full(region);
        }
        var names = ((ListingPolicy.Refresh.Reread) refresh).names();
        for (String name : names) {
            long mark = mark();
            seen(name, region.describe(name), mark);
        }
        synchronized (lock) {
            return List.copyOf(entries.values());
        }
    }

    /** Lists every stack of the region through {@code region} and holds what it answered. */
    List<LiveStack> full(CloudFormationStacks region) {
        long mark;
        Instant started;
        synchronized (lock) {
            mark = counter;
            started = clock.instant();
        }
        List<LiveStack> listed = region.list();
        synchronized (lock) {
            entries = ListingPolicy.fromListing(listed);
            changed.values().removeIf(change -> change <= mark);
            if (forgotten <= mark) {
                lastFull = started;
            }
        }
        return listed;
    }

    /** What the cache holds, for tests. */
    Map<String, LiveStack> entries() {
        synchronized (lock) {
            return new LinkedHashMap<>(entries);
        }
    }
}
