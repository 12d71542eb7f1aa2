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

    /**
     * What one change set costs at least: list the old ones, create, describe, delete; a CREATE
     * change set also describes and deletes the stack it made.
     */
    static final int CALLS_PER_CHANGE_SET = 6;

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
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
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
        Map<String, LiveStack> live = new HashMap<>();
        Map<String, ChangeSetResult> computed = new LinkedHashMap<>();
        int calls = 0;
        List<Read> reads = parallel(units, unit -> {
            try {
                return new Read(stacks.describe(unit.stack().stackName()), null);
            } catch (RuntimeException e) {
                return new Read(Optional.empty(), e);
            }
        });
        for (int i = 0; i < units.size(); i++) {
            calls++;
            Read read = reads.get(i);
            if (read.error() == null) {
                read.stack().ifPresent(s -> live.put(s.name(), s));
            } else {
                // Planned as if no stack existed, with this answer in place of the change set.
                RenderedUnit unit = units.get(i);
                computed.put(unit.id(), ChangeSetResult.failed("cannot read stack " + unit.stack().stackName() + ": " + describe(read.error())));
            }
        }
        long readAt = System.nanoTime();
        try {
            // The AMI each district runs is part of its desired state, read now (plan.Amis).
            units = io.rambla.plan.Amis.resolve(units, live, stacks.amiLookup());
        } catch (RuntimeException e) {
            return new PullRequestPlan(sha, List.of(), List.of("cannot read the districts' AMIs: " + e.getMessage()));
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
        LOG.info("planned {} units at {}: {} stacks read in {} ms, {} change sets in {} ms, {} templates in {} ms ({} at once)",
                units.size(), sha.substring(0, Math.min(7, sha.length())), units.size(), (readAt - started) / 1_000_000,
                requested.size(), (changeSetsAt - readAt) / 1_000_000, changing.size(), (System.nanoTime() - changeSetsAt) / 1_000_000,
                concurrency);
        List<UnitChanges> details = new ArrayList<>(PlanDetails.of(plan, units, requested, computed, templates));
        if (pruning != null && pruning.prune()) {
            details.addAll(deletions(units, pruning));
        }
        return plan.withDetails(details);
    }

    /** A stack as read, or why it could not be. */
    private record Read(Optional<LiveStack> stack, RuntimeException error) {}

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

    /** The stacks pruning deletes, each with the resources it holds; none when the stacks cannot be listed. */
    private List<UnitChanges> deletions(List<RenderedUnit> units, Pruning pruning) {
        Set<String> declared = new HashSet<>();
        units.forEach(u -> declared.add(u.id()));
        List<UnitChanges> deletions = new ArrayList<>();
        List<LiveStack> all;
        try {
            all = stacks.list();
        } catch (RuntimeException e) {
            LOG.warn("live stacks could not be listed; the plan names no prune deletion: {}", describe(e));
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
