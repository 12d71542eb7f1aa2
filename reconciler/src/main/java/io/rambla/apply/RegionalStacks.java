package io.rambla.apply;

import io.rambla.drift.DriftDetection;
import io.rambla.plan.Amis;
import io.rambla.plan.ChangeSet;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudFormation in every region the districts use, behind one port: each stack's calls go to the
 * region it was {@linkplain #place placed} in (its district's), or, for a stack git no longer
 * declares, the region it was listed in. Change sets are found by the region in their ARN. One
 * {@link CloudFormationStacks} per region, made on first use.
 *
 * <p>The sync's {@linkplain #listing listing} comes from one {@link ListingCache} per region,
 * refreshed by change: every call here that changes a stack marks it, and every DescribeStacks of
 * one stack here updates its entry. The caches are shared by every job using this port (the sync,
 * pull-request reviews, drift checks), so each sees the changes the others made.
 */
public final class RegionalStacks implements CloudFormationStacks, DriftDetections, ChangeSetListing, StackInsight {

    /** {@code arn:aws:cloudformation:<region>:...}: where a change set or stack id says it lives. */
    private static final Pattern ARN_REGION = Pattern.compile("^arn:aws[a-z-]*:cloudformation:([a-z0-9-]+):");

    private final String home;
    private final Function<String, AwsCloudFormationStacks> factory;
    private final Map<String, AwsCloudFormationStacks> byRegion = new ConcurrentHashMap<>();
    private final Map<String, String> regionOfStack = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.locks.ReentrantLock> stackLocks = new ConcurrentHashMap<>();

    /**
     * @param home    the daemon's own region ({@code rambla.aws.region}), always listed
     * @param factory the stacks of one region
     */
    public RegionalStacks(String home, Function<String, AwsCloudFormationStacks> factory) {
        this(home, factory, ListingPolicy.everyTime(), java.time.Clock.systemUTC());
    }

    /**
     * @param listing when {@link #listing} lists a region afresh and what it reads again in
     *                between; one cache per region
     */
    public RegionalStacks(String home, Function<String, AwsCloudFormationStacks> factory, ListingPolicy listing, java.time.Clock clock) {
        this.home = home;
        this.factory = factory;
        this.listingPolicy = listing;
        this.clock = clock;
    }

    private final ListingPolicy listingPolicy;
    private final java.time.Clock clock;
    private final Map<String, ListingCache> caches = new ConcurrentHashMap<>();
    /** The stack each change set made through this port is for: executing one changes that stack. */
    private final Map<String, String> stackOfChangeSet = new ConcurrentHashMap<>();

    private ListingCache cache(String region) {
        return caches.computeIfAbsent(region, r -> new ListingCache(listingPolicy, clock));
    }

    /** Runs a call that changes {@code stackName}, marking it changed before and after, so no read in between clears the mark. */
    private <T> T changing(String stackName, java.util.function.Supplier<T> call) {
        ListingCache cache = cache(regionOf(stackName));
        cache.changed(stackName);
        try {
            return call.get();
        } finally {
            cache.changed(stackName);
        }
    }

    private void changing(String stackName, Runnable call) {
        changing(stackName, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public <T> T exclusively(String stackName, java.util.function.Supplier<T> work) {
        var lock = stackLocks.computeIfAbsent(stackName, name -> new java.util.concurrent.locks.ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** The port of one region, as the factory made it. */
    public AwsCloudFormationStacks in(String region) {
        return byRegion.computeIfAbsent(region, factory);
    }

    @Override
    public void place(Map<String, String> regionByStack) {
        regionOfStack.putAll(regionByStack);
    }

    /** The region a stack's calls go to. */
    public String regionOf(String stackName) {
        return regionOfStack.getOrDefault(stackName, home);
    }

    private AwsCloudFormationStacks of(String stackName) {
        return in(regionOf(stackName));
    }

    private AwsCloudFormationStacks ofChangeSet(String changeSetId) {
        return in(regionOfChangeSet(changeSetId));
    }

    private String regionOfChangeSet(String changeSetId) {
        Matcher m = ARN_REGION.matcher(changeSetId);
        return m.find() ? m.group(1) : home;
    }

    private ListingCache cacheOfChangeSet(String changeSetId) {
        return cache(regionOfChangeSet(changeSetId));
    }

    private void remember(ChangeSet made, String stackName) {
        if (made != null && made.id() != null) {
            stackOfChangeSet.put(made.id(), stackName);
        }
    }

    /** The daemon's region and every region a stack was placed in. */
    public Set<String> regions() {
        Set<String> regions = new TreeSet<>(regionOfStack.values());
        regions.add(home);
        return regions;
    }

    /** Every live stack of every region, listed afresh (the caches take what it read). */
    @Override
    public List<LiveStack> list() {
        return answeredFor(region -> cache(region).full(in(region)));
    }

    /**
     * The live stacks of every region from each region's cache, refreshed by change
     * ({@link ListingPolicy}): a full listing of a region only when one is due or {@code full}.
     */
    @Override
    public List<LiveStack> listing(boolean full) {
        return answeredFor(region -> cache(region).listing(full, in(region)));
    }

    private List<LiveStack> answeredFor(Function<String, List<LiveStack>> listOfRegion) {
        List<LiveStack> all = new ArrayList<>();
        for (String region : regions()) {
            for (LiveStack stack : listOfRegion.apply(region)) {
                // A stack placed elsewhere keeps its place; one only listed here is answered for here.
                regionOfStack.putIfAbsent(stack.name(), region);
                if (regionOf(stack.name()).equals(region)) {
                    all.add(stack);
                }
            }
        }
        return all;
    }

    @Override
    public boolean listsBusyStacks() {
        return true;
    }

    /** The busy stacks of every region, each answered for by the region it is placed in: one listing per region. */
    @Override
    public Set<String> busyStacks() {
        Set<String> busy = new java.util.HashSet<>();
        for (String region : regions()) {
            for (String name : in(region).busyStacks()) {
                if (regionOf(name).equals(region)) {
                    busy.add(name);
                }
            }
        }
        return busy;
    }

    @Override
    public DirectCreate createStack(DesiredState tagged, String clientRequestToken) {
        return changing(tagged.stackName(), () -> of(tagged.stackName()).createStack(tagged, clientRequestToken));
    }

    @Override
    public Optional<LiveStack> describe(String stackName) {
        ListingCache cache = cache(regionOf(stackName));
        long mark = cache.mark();
        Optional<LiveStack> live = of(stackName).describe(stackName);
        cache.seen(stackName, live, mark);
        return live;
    }

    @Override
    public Optional<io.rambla.plan.LiveTemplate> template(String stackName) {
        return of(stackName).template(stackName);
    }

    @Override
    public Amis.Lookup amiLookup() {
        return in(home).amiLookup();
    }

    @Override
    public ChangeSet createChangeSet(DesiredState desired, String changeSetName, boolean create) {
        // A CREATE change set makes the stack (REVIEW_IN_PROGRESS); any change set is about to be executed.
        ChangeSet made = changing(desired.stackName(), () -> of(desired.stackName()).createChangeSet(desired, changeSetName, create));
        remember(made, desired.stackName());
        return made;
    }

    @Override
    public void executeChangeSet(String changeSetId, String clientRequestToken) {
        String stackName = stackOfChangeSet.remove(changeSetId);
        if (stackName == null) {
            // A change set this port did not make: which stack it changes is unknown, so list the region afresh.
            cacheOfChangeSet(changeSetId).forget();
            try {
                ofChangeSet(changeSetId).executeChangeSet(changeSetId, clientRequestToken);
            } finally {
                cacheOfChangeSet(changeSetId).forget();
            }
            return;
        }
        changing(stackName, () -> ofChangeSet(changeSetId).executeChangeSet(changeSetId, clientRequestToken));
    }

    @Override
    public void deleteChangeSet(String changeSetId) {
        String stackName = stackOfChangeSet.remove(changeSetId);
        if (stackName == null) {
            ofChangeSet(changeSetId).deleteChangeSet(changeSetId);
            return;
        }
        // Deleting a review's CREATE change set can leave or end a stack in REVIEW_IN_PROGRESS.
        changing(stackName, () -> ofChangeSet(changeSetId).deleteChangeSet(changeSetId));
    }

    @Override
    public void deleteStack(String stackName, String clientRequestToken) {
        changing(stackName, () -> of(stackName).deleteStack(stackName, clientRequestToken));
    }

    @Override
    public List<StackFailure> failuresSince(String stackName, Instant since) {
        return of(stackName).failuresSince(stackName, since);
    }

    @Override
    public List<ChangeSetSummary> listChangeSets(String stackName) {
        return of(stackName).listChangeSets(stackName);
    }

    @Override
    public DriftDetection detectDrift(String stackName) {
        // A detection changes the drift status the listing shows.
        return changing(stackName, () -> of(stackName).detectDrift(stackName));
    }

    @Override
    public ChangeSet createDriftRevertChangeSet(DesiredState desired, String changeSetName) {
        ChangeSet made = changing(desired.stackName(), () -> of(desired.stackName()).createDriftRevertChangeSet(desired, changeSetName));
        remember(made, desired.stackName());
        return made;
    }

    @Override
    public List<StackInsight.Resource> resources(String stackName) {
        return of(stackName).resources(stackName);
    }

    @Override
    public List<StackInsight.Event> events(String stackName, int limit) {
        return of(stackName).events(stackName, limit);
    }
}
