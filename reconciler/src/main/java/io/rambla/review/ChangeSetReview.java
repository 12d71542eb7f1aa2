package io.rambla.review;

import io.rambla.plan.ChangeSet;
import io.rambla.apply.AwsException;
import io.rambla.apply.ChangeSetListing;
import io.rambla.apply.CloudFormationStacks;
import io.rambla.plan.LiveStack;
import io.rambla.plan.ReviewPlanner;
import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.plan.ReviewPlanner.ChangeSetRequest;
import io.rambla.plan.ReviewPlanner.ChangeSetResult;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import io.rambla.source.Checkout;
import io.rambla.source.JGitSource;
import io.rambla.source.SourceException;
import io.rambla.plan.PullRequestPlan;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Plans one pull-request head against the live stacks: fetches {@code refs/pull/<n>/head} into its
 * own checkout, validates and renders it, and asks CloudFormation for a change set for every
 * unit {@link ReviewPlanner} says needs one. Change sets are named {@code rambla-pr<n>-<sha>},
 * never executed, and deleted as soon as they are read; a CREATE change set's
 * {@code REVIEW_IN_PROGRESS} stack goes with it, so a review leaves nothing behind in AWS.
 */
public final class ChangeSetReview implements PullRequestReview {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeSetReview.class);

    private final JGitSource source;
    private final CloudFormationStacks stacks;
    private final ChangeSetListing changeSets;

    /**
     * @param source     a source with a directory of its own: the checkout is replaced on every review
     * @param changeSets lists a stack's change sets, to clean up the review's own
     */
    public ChangeSetReview(JGitSource source, CloudFormationStacks stacks, ChangeSetListing changeSets) {
        this.source = source;
        this.stacks = stacks;
        this.changeSets = changeSets;
    }

    @Override
    public Result review(int number, String headSha) throws SourceException, StaleHeadException {
        Checkout checkout = source.fetchRef(PullRequestReview.headRef(number));
        if (headSha != null && !headSha.isBlank() && !checkout.revision().equalsIgnoreCase(headSha)) {
            throw new StaleHeadException(PullRequestReview.headRef(number) + " is at " + checkout.shortRevision() + ", not " + headSha);
        }
        String sha = checkout.revision();
        LoadResult loaded = RepositoryLoader.load(checkout.directory());
        if (loaded.hasErrors()) {
            return new Result(PullRequestPlan.invalid(sha, loaded.errors()), Set.of());
        }
        List<RenderedUnit> units;
        try {
            units = new Renderer(loaded.repository().settings().stackPrefix()).render(loaded.repository());
        } catch (IllegalArgumentException e) {
            return new Result(new PullRequestPlan(sha, List.of(), List.of(e.getMessage())), Set.of());
        }

        Map<String, LiveStack> live = new HashMap<>();
        Map<String, ChangeSetResult> computed = new LinkedHashMap<>();
        for (RenderedUnit unit : units) {
            try {
                stacks.describe(unit.stack().stackName()).ifPresent(s -> live.put(s.name(), s));
            } catch (RuntimeException e) {
                // Planned as if no stack existed, with this answer in place of the change set.
                computed.put(unit.id(), ChangeSetResult.failed("cannot read stack " + unit.stack().stackName() + ": " + describe(e)));
            }
        }
        String changeSetName = PullRequestReview.changeSetPrefix(number) + checkout.shortRevision();
        List<ChangeSetRequest> requests;
        while (!(requests = ReviewPlanner.pending(sha, units, live, computed)).isEmpty()) {
            for (ChangeSetRequest request : requests) {
                computed.put(request.unitId(), changeSet(number, request, changeSetName));
            }
        }
        Set<String> stackNames = new LinkedHashSet<>();
        units.forEach(u -> stackNames.add(u.stack().stackName()));
        return new Result(ReviewPlanner.plan(sha, units, live, computed), stackNames);
    }

    @Override
    public Set<String> stackNames(int number) throws SourceException {
        Checkout checkout = source.fetchRef(PullRequestReview.headRef(number));
        LoadResult loaded = RepositoryLoader.load(checkout.directory());
        if (loaded.hasErrors()) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        new Renderer(loaded.repository().settings().stackPrefix()).render(loaded.repository())
                .forEach(u -> names.add(u.stack().stackName()));
        return names;
    }

    /** Creates the change set, reads it, deletes it (and the stack a CREATE change set made), whatever happens. */
    private ChangeSetResult changeSet(int number, ChangeSetRequest request, String name) {
        String stackName = request.desired().stackName();
        MDC.put("unit", request.unitId());
        MDC.put("stack", stackName);
        try {
            return makeChangeSet(number, request, name);
        } finally {
            MDC.remove("unit");
            MDC.remove("stack");
        }
    }

    private ChangeSetResult makeChangeSet(int number, ChangeSetRequest request, String name) {
        String stackName = request.desired().stackName();
        deleteChangeSets(stackName, PullRequestReview.changeSetPrefix(number));
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
                    deleteChangeSets(stackName, PullRequestReview.changeSetPrefix(number));
                }
            } else {
                deleteChangeSets(stackName, PullRequestReview.changeSetPrefix(number));
            }
            if (request.create()) {
                // Also one a crashed earlier review left: it goes only if no change set, ours or not, is left on it.
                deleteReviewStack(stackName);
            }
        }
    }

    @Override
    public void cleanUp(int number, Collection<String> stackNames) {
        for (String stackName : stackNames) {
            int deleted = deleteChangeSets(stackName, PullRequestReview.changeSetPrefix(number));
            if (deleted > 0) {
                LOG.info("deleted {} change set(s) of pull request #{} on {}", deleted, number, stackName);
            }
            deleteReviewStack(stackName);
        }
    }

    /** How many change sets named with the prefix were deleted. */
    private int deleteChangeSets(String stackName, String prefix) {
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
    private void deleteReviewStack(String stackName) {
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
