package io.rambla.apply;

import io.rambla.plan.LiveStack;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * When the sync's listing of the live stacks is read afresh from CloudFormation (one paginated
 * DescribeStacks of every stack of the region), and what is read again by name in between, so
 * that a sync costs calls for the stacks that changed, not for every stack of the region. Pure: no
 * calls, no clock.
 *
 * <p>A full listing is due when nothing was listed yet, when an operator forces it, and when the
 * last one is {@code maxAge} old or older ({@link Duration#ZERO}: every time). In between, the
 * stacks Rambla changed since they were last read, and those the cache holds in progress, are
 * read again; every other entry is answered from the cache, so a change made to a stack outside
 * Rambla is not seen until the next full listing.
 *
 * @param maxAge how old the last full listing may get before the next listing is a full one again
 */
public record ListingPolicy(Duration maxAge) {

    public ListingPolicy {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("the listing's max age cannot be negative, got " + maxAge);
        }
    }

    /** A full listing at every sync: no cache. */
    public static ListingPolicy everyTime() {
        return new ListingPolicy(Duration.ZERO);
    }

    /** Why a full listing is due. */
    public enum Reason { NEVER_LISTED, FORCED, EXPIRED, CLOCK_WENT_BACK }

    /** What to read before answering with the listing. */
    public sealed interface Refresh {

        /** List every stack of the region. */
        record Full(Reason reason) implements Refresh {}

        /** Read these stacks by name (none: answer from the cache alone), in name order. */
        record Reread(Set<String> names) implements Refresh {
            public Reread {
                names = java.util.Collections.unmodifiableSet(new TreeSet<>(names));
            }
        }
    }

    /**
     * @param lastFull    when the last full listing started; null when there was none
     * @param now         the time now
     * @param forced      an operator asked for a full listing
     * @param entries     the stacks the cache holds
     * @param invalidated the stacks Rambla changed since they were last read, whether the cache holds them or not
     */
    public Refresh decide(Instant lastFull, Instant now, boolean forced, Collection<LiveStack> entries, Set<String> invalidated) {
        if (lastFull == null) {
            return new Refresh.Full(Reason.NEVER_LISTED);
        }
        if (forced) {
            return new Refresh.Full(Reason.FORCED);
        }
        if (now.isBefore(lastFull)) {
            // The clock cannot say how old the listing is: list again rather than trust it forever.
            return new Refresh.Full(Reason.CLOCK_WENT_BACK);
        }
        if (Duration.between(lastFull, now).compareTo(maxAge) >= 0) {
            return new Refresh.Full(Reason.EXPIRED);
        }
        Set<String> names = new TreeSet<>(invalidated);
        entries.stream().filter(LiveStack::inProgress).map(LiveStack::name).forEach(names::add);
        return new Refresh.Reread(names);
    }

    /**
     * The entries once the stacks in {@code reread} were read: a stack read is held as read, one
     * that is gone (not found, or {@code DELETE_COMPLETE}) is dropped.
     */
    public static Map<String, LiveStack> merge(Map<String, LiveStack> entries, Map<String, Optional<LiveStack>> reread) {
        Map<String, LiveStack> merged = new HashMap<>(entries);
        reread.forEach((name, live) -> put(merged, name, live));
        return merged;
    }

    /** Holds {@code live} as the entry of {@code name}, or drops the entry when the stack is gone. */
    static void put(Map<String, LiveStack> entries, String name, Optional<LiveStack> live) {
        if (live.isPresent() && !live.get().deleted()) {
            entries.put(name, live.get());
        } else {
            entries.remove(name);
        }
    }

    /** The entries of a full listing, by name; deleted stacks (a listing may show them) are left out. */
    public static Map<String, LiveStack> fromListing(Collection<LiveStack> listed) {
        Map<String, LiveStack> entries = new HashMap<>();
        listed.forEach(stack -> put(entries, stack.name(), Optional.of(stack)));
        return entries;
    }
}
