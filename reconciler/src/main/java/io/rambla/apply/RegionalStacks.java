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
        this.home = home;
        this.factory = factory;
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
        Matcher m = ARN_REGION.matcher(changeSetId);
        return in(m.find() ? m.group(1) : home);
    }

    /** The daemon's region and every region a stack was placed in. */
    public Set<String> regions() {
        Set<String> regions = new TreeSet<>(regionOfStack.values());
        regions.add(home);
        return regions;
    }

    @Override
    public List<LiveStack> list() {
        List<LiveStack> all = new ArrayList<>();
        for (String region : regions()) {
            for (LiveStack stack : in(region).list()) {
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
        return of(tagged.stackName()).createStack(tagged, clientRequestToken);
    }

    @Override
    public Optional<LiveStack> describe(String stackName) {
        return of(stackName).describe(stackName);
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
        return of(desired.stackName()).createChangeSet(desired, changeSetName, create);
    }

    @Override
    public void executeChangeSet(String changeSetId, String clientRequestToken) {
        ofChangeSet(changeSetId).executeChangeSet(changeSetId, clientRequestToken);
    }

    @Override
    public void deleteChangeSet(String changeSetId) {
        ofChangeSet(changeSetId).deleteChangeSet(changeSetId);
    }

    @Override
    public void deleteStack(String stackName, String clientRequestToken) {
        of(stackName).deleteStack(stackName, clientRequestToken);
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
        return of(stackName).detectDrift(stackName);
    }

    @Override
    public ChangeSet createDriftRevertChangeSet(DesiredState desired, String changeSetName) {
        return of(desired.stackName()).createDriftRevertChangeSet(desired, changeSetName);
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
