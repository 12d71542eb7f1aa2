package io.rambla.review;

import io.rambla.apply.AwsException;
import io.rambla.apply.ChangeSetListing;
import io.rambla.apply.CloudFormationStacks;
import io.rambla.plan.ChangeSet;
import io.rambla.plan.LiveStack;
import io.rambla.plan.LiveTemplate;
import io.rambla.plan.Orphans;
import io.rambla.plan.PlanAssembly;
import io.rambla.plan.PlanDetails;
import io.rambla.plan.TemplateDiff;
import io.rambla.plan.UnitChanges;
import io.rambla.plan.PullRequestPlan;
import io.rambla.plan.ReviewPlanner;
import io.rambla.plan.ReviewPlanner.ChangeSetRequest;
import io.rambla.plan.ReviewPlanner.ChangeSetResult;
import io.rambla.render.RenderedUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Plans rendered units against the live stacks with plan-only change sets: the one path behind
 * pull-request review and {@code rambla plan}. Asks CloudFormation for every change set
 * {@link ReviewPlanner} says is needed, reads it and deletes it at once (with the
 * {@code REVIEW_IN_PROGRESS} stack a CREATE change set made), then reads the live templates of the
 * changing units so the plan carries every resource's property changes ({@link PlanDetails}).
 *
 * <p>The live stacks come from the port's {@linkplain CloudFormationStacks#listing listing}, not
 * from a DescribeStacks per unit: on the daemon's {@link io.rambla.apply.RegionalStacks} that is the
 * sync's per-region cache, which reads again by name the stacks it holds in progress and those
 * Rambla changed since they were read, and lists a region afresh when cold or past
 * {@code rambla.sync.listing-max-age}.
 */
public final class ChangeSetPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeSetPlanner.class);

    /** Told about each unit as its change set is made, for progress on long plans. */
    public interface Progress {
        void changeSet(String unitId, String stackName);
    }

    /** The repository's stack prefix and whether it prunes: which live stacks merging would delete. */
    public record Pruning(String stackPrefix, boolean prune) {}

    private final CloudFormationStacks stacks;
    private final ChangeSetListing changeSets;
    private final Progress progress;
    private final int maxCalls;
    private final int concurrency;
    private final int maxChanging;

    /**
     * What one change set costs at least: list the old ones, create, describe, delete; a CREATE
     * change set also describes and deletes the stack it made.
     */
    static final int CALLS_PER_CHANGE_SET = 6;

    /**
     * What reading the live stacks counts against the call budget: one listing, whatever the number
     * of units (none of its calls when the cache is warm, a paginated DescribeStacks when cold).
     */
    static final int CALLS_TO_READ_STACKS = 1;

    public ChangeSetPlanner(CloudFormationStacks stacks, ChangeSetListing changeSets) {
        this(stacks, changeSets, (unit, stack) -> {});
    }

    public ChangeSetPlanner(CloudFormationStacks stacks, ChangeSetListing changeSets, Progress progress) {
        this(stacks, changeSets, progress, Integer.MAX_VALUE);
    }

    /** @param maxCalls how many CloudFormation requests one plan may make ({@code rambla.review.max-calls}) */
    public ChangeSetPlanner(CloudFormationStacks stacks, ChangeSetListing changeSets, Progress progress, int maxCalls) {
        this(stacks, changeSets, progress, maxCalls, 1);
    }

    /**
     * @param concurrency how many stacks one plan reads, and makes change sets on, at once
     *                    ({@code rambla.review.concurrency}); each stack's change set is still made
     *                    {@linkplain CloudFormationStacks#exclusively exclusively}
     */
    public ChangeSetPlanner(CloudFormationStacks stacks, ChangeSetListing changeSets, Progress progress, int maxCalls, int concurrency) {
        this(stacks, changeSets, progress, maxCalls, concurrency, Integer.MAX_VALUE);
    }

    /**
     * @param maxChanging how many units whose desired state differs from their live stack one plan
     *                    takes ({@code rambla.review.max-units}); with more, no change set is made and
     *                    the plan says why
     */
    public ChangeSetPlanner(CloudFormationStacks stacks, ChangeSetListing changeSets, Progress progress, int maxCalls, int concurrency,
            int maxChanging) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        if (maxChanging < 1) {
            throw new IllegalArgumentException("max changing units must be at least 1, got " + maxChanging);
        }
        this.maxChanging = maxChanging;
        this.stacks = stacks;
        this.changeSets = changeSets;
        this.progress = progress;
        this.maxCalls = maxCalls;
        this.concurrency = concurrency;
    }

    /**
     * The plan of {@code units} at commit {@code sha}, with its details. Change sets are named
     * {@code changeSetName}; any left over whose name starts with {@code prefix} are deleted first.
     */
    public PullRequestPlan plan(String sha, List<RenderedUnit> units, String prefix, String changeSetName) {
        return plan(sha, units, prefix, changeSetName, null);
    }

    /**
     * As {@link #plan(String, List, String, String)}, and with {@code pruning} also the stacks that
     * applying would delete because no unit declares them any more: each as a {@code DELETE} unit of
     * the details, with the resources it holds.
     */
    public PullRequestPlan plan(String sha, List<RenderedUnit> units, String prefix, String changeSetName, Pruning pruning) {
        // Each stack is planned in its district's region.
        Map<String, String> regions = new HashMap<>();
        units.forEach(u -> regions.put(u.stack().stackName(), u.unit().region()));
        stacks.place(regions);
        long started = System.nanoTime();
        Map<String, ChangeSetResult> computed = new LinkedHashMap<>();
        int calls = CALLS_TO_READ_STACKS;
        List<LiveStack> listed;
        try {
            listed = stacks.listing(false);
        } catch (RuntimeException e) {
            // Every unit planned as if no stack existed, with this answer in place of its change set.
            listed = null;
            String reason = "cannot read the live stacks: " + describe(e);
            units.forEach(unit -> computed.put(unit.id(), ChangeSetResult.failed(reason)));
        }
        Map<String, LiveStack> live = listed == null ? new HashMap<>() : liveOf(units, listed);
        long readAt = System.nanoTime();
        try {
            // The AMI each district runs is part of its desired state, read now (plan.Amis).
            units = io.rambla.plan.Amis.resolve(units, live, stacks.amiLookup());
        } catch (RuntimeException e) {
            return new PullRequestPlan(sha, List.of(), List.of("cannot read the districts' AMIs: " + e.getMessage()));
        }
        if (listed != null) {
            List<String> changingUnits = ReviewPlanner.changing(units, live);
            if (changingUnits.size() > maxChanging) {
                LOG.warn("not planned at {}: {} of {} units change, the limit is {}", sha.substring(0, Math.min(7, sha.length())),
                        changingUnits.size(), units.size(), maxChanging);
                return new PullRequestPlan(sha, List.of(), List.of(tooManyChanging(changingUnits, units.size(), maxChanging)));
            }
        }
        Map<String, ChangeSetRequest> requested = new LinkedHashMap<>();
        List<ChangeSetRequest> requests;
        while (!(requests = ReviewPlanner.pending(sha, units, live, computed)).isEmpty()) {
            // The budget is spent in the order of the requests, then this round's change sets are made at once.
            List<ChangeSetRequest> made = new ArrayList<>();
            for (ChangeSetRequest request : requests) {
                if (calls + CALLS_PER_CHANGE_SET > maxCalls) {
                    computed.put(request.unitId(), ChangeSetResult.failed("not planned: this pull request has used " + calls
                            + " of its " + maxCalls + " CloudFormation calls (" + ChangeSetReview.Limits.MAX_CALLS + ")"));
                    continue;
                }
                calls += CALLS_PER_CHANGE_SET;
                progress.changeSet(request.unitId(), request.desired().stackName());
                requested.put(request.unitId(), request);
                made.add(request);
            }
            List<ChangeSetResult> results = parallel(made, request -> changeSet(prefix, request, changeSetName));
            for (int i = 0; i < made.size(); i++) {
                computed.put(made.get(i).unitId(), results.get(i));
            }
        }
        long changeSetsAt = System.nanoTime();
        PullRequestPlan plan = ReviewPlanner.plan(sha, units, live, computed);
        List<String> changing = new ArrayList<>();
        for (var unitPlan : plan.units()) {
            LiveStack stack = live.get(unitPlan.stackName());
            if (unitPlan.unchanged() || unitPlan.failed() || stack == null || stack.stackStatus().reviewOnly() || stack.deleted()) {
                continue;
            }
            changing.add(unitPlan.stackName());
        }
        Map<String, LiveTemplate> templates = new HashMap<>();
        List<Optional<LiveTemplate>> templateReads = parallel(changing, stackName -> {
            try {
                return stacks.template(stackName);
            } catch (RuntimeException e) {
                LOG.warn("template of {} could not be read; its plan shows no property values: {}", stackName, describe(e));
                return Optional.empty();
            }
        });
        for (int i = 0; i < changing.size(); i++) {
            String stackName = changing.get(i);
            templateReads.get(i).ifPresent(t -> templates.put(stackName, t));
        }
        LOG.info("planned {} units at {}: {} live stacks listed in {} ms, {} change sets in {} ms, {} templates in {} ms ({} at once)",
                units.size(), sha.substring(0, Math.min(7, sha.length())), listed == null ? 0 : listed.size(), (readAt - started) / 1_000_000,
                requested.size(), (changeSetsAt - readAt) / 1_000_000, changing.size(), (System.nanoTime() - changeSetsAt) / 1_000_000,
                concurrency);
        List<UnitChanges> details = new ArrayList<>(PlanDetails.of(plan, units, requested, computed, templates));
        if (pruning != null && pruning.prune()) {
            details.addAll(deletions(units, pruning, listed));
        }
        return plan.withDetails(details);
    }

    /**
     * The live stacks of {@code units} out of a listing of their regions, by stack name: a stack no
     * unit declares is left out, and so is a deleted one (a listing may show {@code DELETE_COMPLETE}),
     * which the plan treats as no stack. Pure.
     */
    static Map<String, LiveStack> liveOf(List<RenderedUnit> units, List<LiveStack> listed) {
        Set<String> names = new HashSet<>();
        units.forEach(unit -> names.add(unit.stack().stackName()));
        Map<String, LiveStack> live = new HashMap<>();
        for (LiveStack stack : listed) {
            if (names.contains(stack.name()) && !stack.deleted()) {
                live.put(stack.name(), stack);
            }
        }
        return live;
    }

    /** The plan's sentence when more units change than one plan takes: how many, the first few, the limit and its setting. */
    static String tooManyChanging(List<String> changing, int declared, int max) {
        int shown = Math.min(5, changing.size());
        String named = String.join(", ", changing.subList(0, shown)) + (changing.size() > shown ? " and " + (changing.size() - shown) + " more" : "");
        return "this pull request changes " + changing.size() + " of its " + declared + " units (" + named + "); at most " + max
                + " changed units are planned per pull request (" + ChangeSetReview.Limits.MAX_UNITS
                + "), so none was: no change set was made";
    }

    /**
     * {@code work} on every item, at most {@link #concurrency} at once, the results in the items'
     * order. Runs on the caller's thread when one at a time suffices; the caller's MDC goes along.
     * {@code work} must not throw.
     */
    private <T, R> List<R> parallel(List<T> items, java.util.function.Function<T, R> work) {
        if (concurrency == 1 || items.size() < 2) {
            return items.stream().map(work).toList();
        }
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        var counter = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, items.size()), r -> {
            Thread thread = new Thread(r, "rambla-plan-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(pool.submit(() -> {
                    if (mdc != null) {
                        MDC.setContextMap(mdc);
                    }
                    try {
                        return work.apply(item);
                    } finally {
                        MDC.clear();
                    }
                }));
            }
            List<R> results = new ArrayList<>(items.size());
            for (Future<R> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while planning", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The stacks pruning deletes out of the plan's listing {@code all}, each with the resources it holds; none when it could not be listed. */
    private List<UnitChanges> deletions(List<RenderedUnit> units, Pruning pruning, List<LiveStack> all) {
        Set<String> declared = new HashSet<>();
        units.forEach(u -> declared.add(u.id()));
        List<UnitChanges> deletions = new ArrayList<>();
        if (all == null) {
            LOG.warn("live stacks could not be listed; the plan names no prune deletion");
            return deletions;
        }
        for (Orphans.Orphan orphan : Orphans.decide(declared, all, pruning.stackPrefix(), true)) {
            if (orphan.action() != Orphans.Action.DELETE) {
                continue;
            }
            TemplateDiff.Result diff = new TemplateDiff.Result(List.of(), List.of());
            String note = orphan.reason();
            try {
                Optional<LiveTemplate> template = stacks.template(orphan.stackName());
                if (template.isPresent()) {
                    diff = TemplateDiff.between(template.get().body(), template.get().parameters(), null, Map.of());
                }
            } catch (RuntimeException e) {
                note = note + "; its resources could not be read: " + describe(e);
            }
            deletions.add(PlanAssembly.fromDiff(orphan.unitId(), orphan.stackName(), UnitChanges.StackAction.DELETE, diff, note));
        }
        return deletions;
    }

    /** Creates the change set, reads it, deletes it (and the stack a CREATE change set made), whatever happens. */
    private ChangeSetResult changeSet(String prefix, ChangeSetRequest request, String name) {
        String stackName = request.desired().stackName();
        MDC.put("unit", request.unitId());
        MDC.put("stack", stackName);
        try {
            return stacks.exclusively(stackName, () -> makeChangeSet(prefix, request, name));
        } finally {
            MDC.remove("unit");
            MDC.remove("stack");
        }
    }

    private ChangeSetResult makeChangeSet(String prefix, ChangeSetRequest request, String name) {
        String stackName = request.desired().stackName();
        deleteChangeSets(stackName, prefix);
        ChangeSet changeSet = null;
        try {
            changeSet = stacks.createChangeSet(request.desired(), name, request.create());
            LOG.info("change set {} on {}: {} ({} changes)", name, stackName, changeSet.empty() ? "no changes" : changeSet.status(),
                    changeSet.changes().size());
            return ChangeSetResult.of(changeSet);
        } catch (RuntimeException e) {
            LOG.warn("change set {} on {} could not be made: {}", name, stackName, describe(e));
            return ChangeSetResult.failed("could not make a change set: " + describe(e));
        } finally {
            if (changeSet != null) {
                try {
                    stacks.deleteChangeSet(changeSet.id());
                } catch (RuntimeException e) {
                    LOG.warn("change set {} on {} could not be deleted: {}", name, stackName, describe(e));
                    deleteChangeSets(stackName, prefix);
                }
            } else {
                deleteChangeSets(stackName, prefix);
            }
            if (request.create()) {
                // Also one a crashed earlier review left: it goes only if no change set, ours or not, is left on it.
                deleteReviewStack(stackName);
            }
        }
    }

    /** How many change sets named with the prefix were deleted. */
    int deleteChangeSets(String stackName, String prefix) {
        int deleted = 0;
        try {
            for (var summary : changeSets.listChangeSets(stackName)) {
                if (summary.name() != null && summary.name().startsWith(prefix)) {
                    stacks.deleteChangeSet(summary.id());
                    deleted++;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("change sets {}* on {} could not be cleaned up: {}", prefix, stackName, describe(e));
        }
        return deleted;
    }

    /** A stack still in REVIEW_IN_PROGRESS with no change set left holds nothing: delete it. */
    void deleteReviewStack(String stackName) {
        try {
            Optional<LiveStack> stack = stacks.describe(stackName);
            if (stack.isEmpty() || !stack.get().stackStatus().reviewOnly()) {
                return;
            }
            if (!changeSets.listChangeSets(stackName).isEmpty()) {
                LOG.info("stack {} holds change sets of someone else; kept", stackName);
                return;
            }
            stacks.deleteStack(stack.get().stackId(), null);
            LOG.info("deleted stack {}, made only to hold a review change set", stackName);
        } catch (RuntimeException e) {
            LOG.warn("review stack {} could not be deleted: {}", stackName, describe(e));
        }
    }

    static String describe(RuntimeException e) {
        if (e instanceof AwsException converted && converted.getCause() instanceof RuntimeException cause) {
            // AWS's own words, without the adapter's "operation on stack failed:" preamble.
            e = cause;
        }
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode();
            String message = aws.awsErrorDetails().errorMessage();
            return (code == null ? "" : code + ": ") + (message == null ? aws.getMessage() : message);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
