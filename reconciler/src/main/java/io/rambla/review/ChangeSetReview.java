package io.rambla.review;

import io.rambla.render.StackTags;
import io.rambla.plan.ChangeSet;
import io.rambla.apply.AwsException;
import io.rambla.apply.ChangeSetListing;
import io.rambla.apply.CloudFormationStacks;
import io.rambla.plan.LiveStack;
import io.rambla.plan.Ownership;
import io.rambla.plan.RepositoryId;
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
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Plans one pull-request head against the live stacks: fetches its head ref ({@code refs/pull/<n>/head}) into its
 * own checkout, validates and renders it, and asks CloudFormation for a change set for every
 * unit {@link ReviewPlanner} says needs one. Change sets are named {@code rambla-pr<n>-<sha>},
 * never executed, and deleted as soon as they are read; a CREATE change set's
 * {@code REVIEW_IN_PROGRESS} stack goes with it, so a review leaves nothing behind in AWS.
 */
public final class ChangeSetReview implements PullRequestReview {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeSetReview.class);
    private static final String REVIEW_IN_PROGRESS = "REVIEW_IN_PROGRESS";
    /**
     * What one change set costs at least: list the old ones, create, describe, delete; a CREATE
     * change set also describes and deletes the stack it made.
     */

    private final JGitSource source;
    private final CloudFormationStacks stacks;
    private final ChangeSetListing changeSets;
    private final IntFunction<String> headRef;
    /** Where the host keeps the merge result, when it computes one ({@code GitHost#mergeRef}). */
    private final IntFunction<Optional<String>> mergeRef;
    private final RepositoryId repository;
    private final Limits limits;
    private final ChangeSetPlanner planner;

    /**
     * What one pull request may cost: at most {@code maxUnits} units whose desired state differs
     * from their live stack (a plan with more makes no change set), at most
     * {@code maxCalls} CloudFormation requests made for it, at most {@code concurrency} stacks read
     * or given a change set at once ({@code rambla.review.*}).
     */
    public record Limits(int maxUnits, int maxCalls, int concurrency) {
        public static final String MAX_UNITS = "rambla.review.max-units";
        public static final String MAX_CALLS = "rambla.review.max-calls";
        public static final String CONCURRENCY = "rambla.review.concurrency";
        public static final int STANDARD_CONCURRENCY = 4;

        public Limits {
            if (maxUnits < 1 || maxCalls < 1) {
                throw new IllegalArgumentException(MAX_UNITS + " and " + MAX_CALLS + " must be at least 1, got "
                        + maxUnits + " and " + maxCalls);
            }
            if (concurrency < 1 || concurrency > 64) {
                throw new IllegalArgumentException(CONCURRENCY + " must be 1..64, got " + concurrency);
            }
        }

        public Limits(int maxUnits, int maxCalls) {
            this(maxUnits, maxCalls, STANDARD_CONCURRENCY);
        }

        public static Limits standard() {
            return new Limits(200, 2_000);
        }
    }

    /**
     * @param source     a source with a directory of its own: the checkout is replaced on every review
     * @param changeSets lists a stack's change sets, to clean up the review's own
     */
    public ChangeSetReview(JGitSource source, CloudFormationStacks stacks, ChangeSetListing changeSets) {
        this(source, stacks, changeSets, PullRequestReview::headRef, null, Limits.standard());
    }

    /** @param headRef where the git host keeps a pull request's head: {@code refs/pull/N/head} on GitHub and Gitea, {@code refs/merge-requests/N/head} on GitLab */
    public ChangeSetReview(JGitSource source, CloudFormationStacks stacks, ChangeSetListing changeSets, IntFunction<String> headRef) {
        this(source, stacks, changeSets, headRef, null, Limits.standard());
    }

    /** @param repository tagged on the stacks, as the sync does, so the plan shows what merging would */
    public ChangeSetReview(JGitSource source, CloudFormationStacks stacks, ChangeSetListing changeSets, RepositoryId repository,
            Limits limits) {
        this(source, stacks, changeSets, PullRequestReview::headRef, repository, limits);
    }

    public ChangeSetReview(JGitSource source, CloudFormationStacks stacks, ChangeSetListing changeSets, IntFunction<String> headRef,
            RepositoryId repository, Limits limits) {
        this(source, stacks, changeSets, headRef, number -> Optional.empty(), repository, limits);
    }

    /**
     * @param mergeRef where the host keeps the result of merging a pull request into its base; when
     *                 the ref exists and merges the head asked for, that result is planned, else the head
     */
    public ChangeSetReview(JGitSource source, CloudFormationStacks stacks, ChangeSetListing changeSets, IntFunction<String> headRef,
            IntFunction<Optional<String>> mergeRef, RepositoryId repository, Limits limits) {
        this.mergeRef = mergeRef;
        this.source = source;
        this.stacks = stacks;
        this.changeSets = changeSets;
        this.headRef = headRef;
        this.repository = repository;
        this.limits = limits;
        this.planner = new ChangeSetPlanner(stacks, changeSets, (unit, stack) -> {}, limits.maxCalls(), limits.concurrency(),
                limits.maxUnits());
    }

    @Override
    public Result review(int number, String headSha) throws SourceException, StaleHeadException {
        Planned planned = checkOut(number, headSha);
        Result result = plan(number, planned.checkout(), planned.headSha());
        return new Result(result.plan().withBasis(planned.basis()), result.stackNames());
    }

    /** What was checked out for planning: the merge result or the head, the head it stands for, and a sentence saying which. */
    private record Planned(Checkout checkout, String headSha, String basis) {}

    /**
     * Checks out the merge result the host computed for the head asked for, else the head. A merge
     * ref merges the head as its second parent; one that merges another head is the host's result
     * for an older or newer head, and is not planned in its place.
     */
    private Planned checkOut(int number, String headSha) throws SourceException, StaleHeadException {
        Optional<String> merge = mergeRef.apply(number);
        String why;
        if (merge.isPresent()) {
            Optional<Checkout> merged = source.fetchRefIfPresent(merge.get());
            if (merged.isPresent()) {
                List<String> parents = source.parents(merged.get().revision());
                String mergedHead = parents.size() == 2 ? parents.get(1) : null;
                if (mergedHead != null && (headSha == null || headSha.isBlank() || mergedHead.equalsIgnoreCase(headSha))) {
                    return new Planned(merged.get(), mergedHead, "Planned the merge result: " + merge.get() + " at "
                            + merged.get().shortRevision() + ", the head " + shortSha(mergedHead) + " merged into the base branch.");
                }
                why = merge.get() + " merges " + (mergedHead == null ? "no head" : "head " + shortSha(mergedHead))
                        + ", not this one (the host has not recomputed it yet)";
            } else {
                why = "the host has no " + merge.get() + " (a conflict, or not computed yet)";
            }
        } else {
            why = "this git host keeps no merge result";
        }
        Checkout checkout = source.fetchRef(headRef.apply(number));
        if (headSha != null && !headSha.isBlank() && !checkout.revision().equalsIgnoreCase(headSha)) {
            throw new StaleHeadException(headRef.apply(number) + " is at " + checkout.shortRevision() + ", not " + headSha);
        }
        LOG.info("pull request #{}: planning the head {}: {}", number, checkout.shortRevision(), why);
        return new Planned(checkout, checkout.revision(), "Planned the head " + shortSha(checkout.revision()) + " itself: " + why
                + "; changes merged into the base branch since are not in this plan.");
    }

    private static String shortSha(String sha) {
        return sha.substring(0, Math.min(7, sha.length()));
    }

    private Result plan(int number, Checkout checkout, String sha) {
        LoadResult loaded = RepositoryLoader.load(checkout.directory());
        if (loaded.hasErrors()) {
            return new Result(PullRequestPlan.invalid(sha, loaded.errors()), Set.of());
        }
        List<RenderedUnit> units;
        try {
            units = Ownership.claim(new Renderer(loaded.repository().settings().stackPrefix()).render(loaded.repository()), repository);
        } catch (IllegalArgumentException e) {
            return new Result(new PullRequestPlan(sha, List.of(), List.of(e.getMessage())), Set.of());
        }
        String changeSetName = PullRequestReview.changeSetPrefix(number) + sha.substring(0, Math.min(12, sha.length()));
        var settings = loaded.repository().settings();
        PullRequestPlan plan = planner.plan(sha, units, PullRequestReview.changeSetPrefix(number), changeSetName,
                new ChangeSetPlanner.Pruning(settings.stackPrefix(), settings.prune()));
        Set<String> stackNames = new LinkedHashSet<>();
        units.forEach(u -> stackNames.add(u.stack().stackName()));
        return new Result(plan, stackNames);
    }

    @Override
    public Set<String> stackNames(int number) throws SourceException {
        Checkout checkout = source.fetchRef(headRef.apply(number));
        LoadResult loaded = RepositoryLoader.load(checkout.directory());
        if (loaded.hasErrors()) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        new Renderer(loaded.repository().settings().stackPrefix()).render(loaded.repository())
                .forEach(u -> names.add(u.stack().stackName()));
        return names;
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

    /**
     * At start: a daemon killed while planning may have left review change sets on stacks that
     * exist only to hold them. Deletes every {@code rambla-pr*} change set on this repository's
     * {@code REVIEW_IN_PROGRESS} stacks (tagged {@code rambla:repository} with its identity), then
     * each such stack once it holds nothing. Returns how many stacks were swept.
     */
    @Override
    public int sweep() {
        int swept = 0;
        List<LiveStack> all;
        try {
            all = stacks.list();
        } catch (RuntimeException e) {
            LOG.warn("leftover review stacks not swept: cannot list the stacks: {}", describe(e));
            return 0;
        }
        for (LiveStack stack : all) {
            // Only stacks tagged for this repository: another daemon (or an older one, without the tag) may be planning on its own.
            boolean ours = "rambla".equals(stack.tag(StackTags.MANAGED_BY))
                    && repository != null && repository.value().equals(stack.tag(Ownership.TAG_REPOSITORY));
            if (!ours || !stack.status().equals(REVIEW_IN_PROGRESS)) {
                continue;
            }
            int deleted = deleteChangeSets(stack.name(), "rambla-pr");
            deleteReviewStack(stack.name());
            LOG.info("swept leftover review stack {} ({} change set(s))", stack.name(), deleted);
            swept++;
        }
        return swept;
    }

    private int deleteChangeSets(String stackName, String prefix) {
        return planner.deleteChangeSets(stackName, prefix);
    }

    private void deleteReviewStack(String stackName) {
        planner.deleteReviewStack(stackName);
    }

    static String describe(RuntimeException e) {
        return ChangeSetPlanner.describe(e);
    }
}
