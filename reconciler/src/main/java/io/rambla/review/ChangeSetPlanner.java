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
        this.stacks = stacks;
        this.changeSets = changeSets;
        this.progress = progress;
        this.maxCalls = maxCalls;
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
        Map<String, LiveStack> live = new HashMap<>();
        Map<String, ChangeSetResult> computed = new LinkedHashMap<>();
        int calls = 0;
        for (RenderedUnit unit : units) {
            try {
                calls++;
                stacks.describe(unit.stack().stackName()).ifPresent(s -> live.put(s.name(), s));
            } catch (RuntimeException e) {
                // Planned as if no stack existed, with this answer in place of the change set.
                computed.put(unit.id(), ChangeSetResult.failed("cannot read stack " + unit.stack().stackName() + ": " + describe(e)));
            }
        }
        try {
            // The AMI each district runs is part of its desired state, read now (plan.Amis).
            units = io.rambla.plan.Amis.resolve(units, live, stacks.amiLookup());
        } catch (RuntimeException e) {
            return new PullRequestPlan(sha, List.of(), List.of("cannot read the districts' AMIs: " + e.getMessage()));
        }
        Map<String, ChangeSetRequest> requested = new LinkedHashMap<>();
        List<ChangeSetRequest> requests;
        while (!(requests = ReviewPlanner.pending(sha, units, live, computed)).isEmpty()) {
            for (ChangeSetRequest request : requests) {
                if (calls + CALLS_PER_CHANGE_SET > maxCalls) {
                    computed.put(request.unitId(), ChangeSetResult.failed("not planned: this pull request has used " + calls
                            + " of its " + maxCalls + " CloudFormation calls (" + ChangeSetReview.Limits.MAX_CALLS + ")"));
                    continue;
                }
                calls += CALLS_PER_CHANGE_SET;
                progress.changeSet(request.unitId(), request.desired().stackName());
                requested.put(request.unitId(), request);
                computed.put(request.unitId(), changeSet(prefix, request, changeSetName));
            }
        }
        PullRequestPlan plan = ReviewPlanner.plan(sha, units, live, computed);
        Map<String, LiveTemplate> templates = new HashMap<>();
        for (var unitPlan : plan.units()) {
            LiveStack stack = live.get(unitPlan.stackName());
            if (unitPlan.unchanged() || unitPlan.failed() || stack == null || stack.stackStatus().reviewOnly() || stack.deleted()) {
                continue;
            }
            try {
                stacks.template(unitPlan.stackName()).ifPresent(t -> templates.put(unitPlan.stackName(), t));
            } catch (RuntimeException e) {
                LOG.warn("template of {} could not be read; its plan shows no property values: {}", unitPlan.stackName(), describe(e));
            }
        }
        List<UnitChanges> details = new ArrayList<>(PlanDetails.of(plan, units, requested, computed, templates));
        if (pruning != null && pruning.prune()) {
            details.addAll(deletions(units, pruning));
        }
        return plan.withDetails(details);
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
