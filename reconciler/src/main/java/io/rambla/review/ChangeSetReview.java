package io.rambla.review;

import io.rambla.apply.ChangeSetListing;
import io.rambla.apply.CloudFormationStacks;
import io.rambla.plan.ReviewPlanner;
import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import io.rambla.source.Checkout;
import io.rambla.source.JGitSource;
import io.rambla.source.SourceException;
import io.rambla.plan.PullRequestPlan;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private final ChangeSetPlanner planner;

    /**
     * @param source     a source with a directory of its own: the checkout is replaced on every review
     * @param changeSets lists a stack's change sets, to clean up the review's own
     */
    public ChangeSetReview(JGitSource source, CloudFormationStacks stacks, ChangeSetListing changeSets) {
        this.source = source;
        this.planner = new ChangeSetPlanner(stacks, changeSets);
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

        String changeSetName = PullRequestReview.changeSetPrefix(number) + checkout.shortRevision();
        var settings = loaded.repository().settings();
        PullRequestPlan plan = planner.plan(sha, units, PullRequestReview.changeSetPrefix(number), changeSetName,
                new ChangeSetPlanner.Pruning(settings.stackPrefix(), settings.prune()));
        Set<String> stackNames = new LinkedHashSet<>();
        units.forEach(u -> stackNames.add(u.stack().stackName()));
        return new Result(plan, stackNames);
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

    @Override
    public void cleanUp(int number, Collection<String> stackNames) {
        for (String stackName : stackNames) {
            int deleted = planner.deleteChangeSets(stackName, PullRequestReview.changeSetPrefix(number));
            if (deleted > 0) {
                LOG.info("deleted {} change set(s) of pull request #{} on {}", deleted, number, stackName);
            }
            planner.deleteReviewStack(stackName);
        }
    }

    static String describe(RuntimeException e) {
        return ChangeSetPlanner.describe(e);
    }
}
