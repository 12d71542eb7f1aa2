package io.rambla.web;

import io.rambla.apply.RegionalStacks;
import io.rambla.apply.StackInsight;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a unit's resources and recent events for its page, through {@link StackInsight}, and keeps
 * each answer for {@link #FRESH_FOR}: the page reloads itself every few seconds, AWS is asked at
 * most once per stack in that time. Only stacks of units the daemon knows are read (the controllers
 * look the unit up first), and a failed read is shown on the page, never thrown.
 */
@Singleton
public class StackReads {

    static final Duration FRESH_FOR = Duration.ofSeconds(15);
    /** The page shows the newest events only. */
    static final int EVENTS = 25;
    private static final int MAX_CACHED = 1000;

    /** A stack as read for the page; {@code error} says why it could not be read, and the lists are then empty. */
    public record Live(List<StackInsight.Resource> resources, List<StackInsight.Event> events, Optional<String> error) {
        public Live {
            resources = List.copyOf(resources);
            events = List.copyOf(events);
        }

        static Live unavailable(String why) {
            return new Live(List.of(), List.of(), Optional.of(why));
        }
    }

    private record Cached(Instant at, Live live) {}

    private final StackInsight insight;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @jakarta.inject.Inject
    public StackReads(Optional<RegionalStacks> stacks) {
        this(stacks.<StackInsight>map(s -> s).orElse(null), Clock.systemUTC());
    }

    /** @param insight null when the daemon follows no repository and so has no stacks to read */
    StackReads(StackInsight insight, Clock clock) {
        this.insight = insight;
        this.clock = clock;
    }

    public Live read(String stackName) {
        if (insight == null) {
            return Live.unavailable("no stacks are read: the daemon follows no repository");
        }
        Instant now = clock.instant();
        Cached cached = cache.get(stackName);
        if (cached != null && cached.at().plus(FRESH_FOR).isAfter(now)) {
            return cached.live();
        }
        Live live;
        try {
            live = new Live(insight.resources(stackName), insight.events(stackName, EVENTS), Optional.empty());
        } catch (RuntimeException e) {
            live = Live.unavailable("CloudFormation could not be read: " + e.getMessage());
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(stackName, new Cached(now, live));
        return live;
    }
}
