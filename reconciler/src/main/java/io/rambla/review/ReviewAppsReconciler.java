package io.rambla.review;

import io.rambla.apply.ApplyOutcome;
import io.rambla.apply.StackExecutor;
import io.rambla.plan.Ownership;
import io.rambla.plan.Planner;
import io.rambla.plan.RepositoryId;
import io.rambla.plan.ReviewApps;
import io.rambla.plan.ReviewApps.PullRequestInfo;
import io.rambla.plan.ReviewApps.Standing;
import io.rambla.plan.ReviewApps.Verdict;
import io.rambla.plan.Snapshot;
import io.rambla.plan.UnitDecision;
import io.rambla.plan.LiveStack;
import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import io.rambla.source.Checkout;
import io.rambla.source.JGitSource;
import io.rambla.source.SourceException;
import io.rambla.githost.CommitStatus;
import io.rambla.githost.GitHost;
import io.rambla.githost.GitHubException;
import io.rambla.status.github.ReviewAppsComment;
import io.rambla.status.github.ReviewAppsComment.Line;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The shell around {@link ReviewApps}: lists the open pull requests (labels, forks) through the
 * git-host port and the review stacks from CloudFormation, asks {@link ReviewApps#decide} what
 * each pull request needs, and does it: fetches and renders a head, applies its review stacks
 * like the sync applies a unit, deletes what goes, and writes the review-app section of the plan
 * comment and one commit status per application ({@code rambla/review-app/<app>}, its URL as the
 * target). Holds no state: every run starts again from the git host and AWS, so a restart sweeps
 * whatever closed or expired meanwhile.
 */
public final class ReviewAppsReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewAppsReconciler.class);
    static final String STATUS_CONTEXT = "rambla/review-app/";

    private final JGitSource source;
    private final StackExecutor stacks;
    private final GitHost host;
    private final RepositoryId repository;
    private final ReviewApps.Settings settings;
    private final String trackedBranch;
    private final Clock clock;

    /**
     * @param source        a checkout of its own, replaced for every head
     * @param stacks        applies and deletes stacks as the sync does (ownership, stuck stacks, waits)
     */
    public ReviewAppsReconciler(JGitSource source, StackExecutor stacks, GitHost host, RepositoryId repository,
            ReviewApps.Settings settings, String trackedBranch, Clock clock) {
        this.source = source;
        this.stacks = stacks;
        this.host = host;
        this.repository = repository;
        this.settings = settings;
        this.trackedBranch = trackedBranch;
        this.clock = clock;
    }

    public ReviewApps.Settings settings() {
        return settings;
    }

    /** What one run did, for logs and tests. */
    public record Summary(int deployed, int removed, int refused, int current) {}

    /** One pass over every open pull request and every review stack. */
    public Summary reconcile() {
        if (!host.supportsReviewApps()) {
            LOG.warn("review apps are on, but {} does not tell labels and forks apart: none are made", host.name());
            return new Summary(0, 0, 0, 0);
        }
        List<PullRequestInfo> open = host.openPullRequestsForReviewApps(trackedBranch);
        List<Standing> standing = stacks.liveStacks().stream()
                .flatMap(s -> ReviewApps.standing(s, repository).stream()).toList();
        List<Verdict> verdicts = ReviewApps.decide(settings, open, standing, clock.instant());
        Map<Integer, List<Verdict>> byPr = new LinkedHashMap<>();
        verdicts.forEach(v -> byPr.computeIfAbsent(v.pullRequest(), n -> new ArrayList<>()).add(v));
        int deployed = 0;
        int removed = 0;
        int refused = 0;
        int current = 0;
        for (var entry : byPr.entrySet()) {
            int number = entry.getKey();
            boolean stillOpen = open.stream().anyMatch(pr -> pr.number() == number);
            MDC.put("pr", Integer.toString(number));
            try {
                List<Line> lines = new ArrayList<>();
                List<String> notes = new ArrayList<>();
                for (Verdict verdict : entry.getValue()) {
                    if (verdict instanceof Verdict.Remove remove) {
                        remove(remove, lines, stillOpen);
                        removed++;
                    } else if (verdict instanceof Verdict.Refuse refuse) {
                        notes.add(refuse.message());
                        refused++;
                    } else if (verdict instanceof Verdict.Deploy deploy) {
                        deployed += deploy(deploy, standing, lines, notes);
                    } else if (verdict instanceof Verdict.Current c) {
                        current++;
                    }
                }
                if (stillOpen && (!lines.isEmpty() || !notes.isEmpty())) {
                    comment(number, ReviewAppsComment.render(lines, notes));
                }
            } finally {
                MDC.remove("pr");
            }
        }
        Summary summary = new Summary(deployed, removed, refused, current);
        if (deployed + removed + refused > 0) {
            LOG.info("review apps: {} deployed, {} deleted, {} refused, {} current", deployed, removed, refused, current);
        }
        return summary;
    }

    private void remove(Verdict.Remove remove, List<Line> lines, boolean stillOpen) {
        Standing stack = remove.stack();
        ApplyOutcome outcome = stacks.delete(stack.stackName(), stack.unitId(), "pr" + remove.pullRequest());
        LOG.info("review app {} of #{} deleted because {}: {}", stack.app(), remove.pullRequest(), remove.reason().words(), outcome.message());
        if (remove.reason() == ReviewApps.Reason.EXPIRED) {
            try {
                // The label is the switch: off, the app stays gone until a maintainer labels the pull request again.
                host.removeLabel(remove.pullRequest(), settings.label());
            } catch (GitHubException | UnsupportedOperationException e) {
                LOG.warn("label {} not removed from #{}: {}", settings.label(), remove.pullRequest(), e.getMessage());
            }
        }
        if (stillOpen) {
            lines.add(outcome.succeeded() ? new Line.Removed(stack.app(), remove.reason().words()
                            + (remove.reason() == ReviewApps.Reason.EXPIRED ? "; label the pull request again for a new one" : ""))
                    : new Line.Failed(stack.app(), "could not delete " + stack.stackName() + ": " + outcome.message()));
            status(stack.headSha(), stack.app(), outcome.succeeded() ? CommitStatus.State.SUCCESS : CommitStatus.State.ERROR, null,
                    outcome.succeeded() ? "deleted: " + remove.reason().words() : "not deleted: " + outcome.message());
        }
    }

    private int deploy(Verdict.Deploy deploy, List<Standing> standing, List<Line> lines, List<String> notes) {
        PullRequestInfo pr = deploy.pr();
        Checkout checkout;
        try {
            checkout = source.fetchRef(host.headRef(pr.number()));
        } catch (SourceException e) {
            LOG.warn("#{}: head not fetched, review apps wait for the next run: {}", pr.number(), e.getMessage());
            return 0;
        }
        if (!checkout.revision().equalsIgnoreCase(pr.headSha())) {
            LOG.info("#{} moved on to {} since it was listed; the next run deploys it", pr.number(), checkout.shortRevision());
            return 0;
        }
        String sha = checkout.revision();
        LoadResult loaded = RepositoryLoader.load(checkout.directory());
        if (loaded.hasErrors()) {
            notes.add("The head " + sha.substring(0, 7) + " does not validate (see the plan above), so its review apps were not updated.");
            return 0;
        }
        ReviewApps.Units units = ReviewApps.units(loaded.repository(), pr.number(), sha, deploy.imageTag(), standing,
                clock.instant(), repository);
        units.problems().forEach(p -> {
            lines.add(new Line.Failed(p.app(), p.message()));
            status(sha, p.app(), CommitStatus.State.FAILURE, null, p.message());
        });
        // Apps the head no longer has a review: section for go.
        standing.stream().filter(s -> s.pullRequest() == pr.number())
                .filter(s -> units.units().stream().noneMatch(u -> u.rendered().stack().stackName().equals(s.stackName())))
                .forEach(s -> {
                    ApplyOutcome outcome = stacks.delete(s.stackName(), s.unitId(), sha);
                    lines.add(new Line.Removed(s.app(), "the head has no `review:` for it: " + outcome.message()));
                });
        if (units.units().isEmpty() && units.problems().isEmpty()) {
            notes.add("No application in this head has a `review:` section: no review app.");
            return 0;
        }
        List<RenderedUnit> upstream = Ownership.claim(new Renderer(loaded.repository().settings().stackPrefix())
                .render(loaded.repository()), repository);
        List<LiveStack> live = stacks.liveStacks();
        Snapshot snapshot = Snapshot.of(Stream.concat(upstream.stream(), units.units().stream().map(ReviewApps.ReviewUnit::rendered)).toList(),
                live);
        int deployed = 0;
        for (ReviewApps.ReviewUnit unit : units.units()) {
            RenderedUnit rendered = unit.rendered();
            UnitDecision decision = Planner.decide(rendered, snapshot);
            if (!(decision instanceof UnitDecision.Ready ready)) {
                String why = "its district or endpoint is not applied yet ("
                        + ((UnitDecision.AwaitingUpstream) decision).awaiting().describe() + ")";
                lines.add(new Line.Failed(unit.app(), why));
                status(sha, unit.app(), CommitStatus.State.PENDING, null, "waiting: " + why);
                continue;
            }
            stacks.place(Map.of(rendered.stack().stackName(), rendered.unit().region()));
            status(sha, unit.app(), CommitStatus.State.PENDING, unit.url(), "deploying " + unit.host());
            ApplyOutcome outcome = stacks.apply(ready.desired(), rendered.stack().tags().get(io.rambla.render.StackTags.UNIT), sha,
                    snapshot.stack(rendered.stack().stackName()), Optional.empty());
            if (outcome.succeeded()) {
                deployed++;
                lines.add(new Line.Running(unit.app(), unit.url(), sha));
                status(sha, unit.app(), CommitStatus.State.SUCCESS, unit.url(), "running at " + unit.host());
                LOG.info("review app {} of #{} at {}: {}", unit.app(), pr.number(), unit.url(), outcome.message());
            } else {
                lines.add(new Line.Failed(unit.app(), outcome.message()));
                status(sha, unit.app(), CommitStatus.State.FAILURE, null, outcome.message());
                LOG.warn("review app {} of #{} failed: {}", unit.app(), pr.number(), outcome.message());
            }
        }
        return deployed;
    }

    private void status(String sha, String app, CommitStatus.State state, String url, String description) {
        if (sha == null || sha.isBlank()) {
            return;
        }
        try {
            host.createStatus(sha, new CommitStatus(state, url, description, STATUS_CONTEXT + app));
        } catch (GitHubException e) {
            LOG.warn("status of review app {} not set on {}: {}", app, sha, e.getMessage());
        }
    }

    private void comment(int number, String section) {
        try {
            ReviewAppsComment.upsert(host, number, section);
        } catch (GitHubException e) {
            LOG.warn("review-app section of #{} not written: {}", number, e.getMessage());
        }
    }
}
