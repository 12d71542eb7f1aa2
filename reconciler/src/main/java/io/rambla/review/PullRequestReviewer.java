package io.rambla.review;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.rambla.plan.RepositoryId;
import io.micronaut.core.annotation.Nullable;
import io.rambla.config.GitConfig;
import io.rambla.source.GitAuth;
import io.rambla.source.JGitSource;
import io.rambla.source.SourceException;
import io.rambla.githost.GitHost;
import io.rambla.githost.GitHostConfigured;
import io.rambla.githost.GitHubException;
import io.rambla.githost.PullRequest;
import io.rambla.status.github.PullRequestCommenter;
import io.rambla.status.github.PullRequestPlanner;
import io.rambla.supervise.Workers;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Plans pull requests for review, one at a time, on a worker thread of its own: webhooks and the
 * poller only queue work here and return. Per pull request only the newest request waits in the
 * queue: a push that arrives while an older head waits replaces it, and a close replaces both.
 * Exists when a git host is configured and a repository is followed; it then takes the place of
 * the logging stand-in.
 */
@Singleton
@Requires(condition = GitHostConfigured.class)
@Requires(property = "rambla.git.url")
public class PullRequestReviewer implements PullRequestPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(PullRequestReviewer.class);

    private sealed interface Job {
        record Plan(String headSha) implements Job {}

        record Close() implements Job {}
    }

    private final PullRequestReview review;
    private final PullRequestCommenter commenter;
    private final ReviewLock lock;
    private volatile Workers workers = new Workers();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "rambla-pr-review");
        thread.setDaemon(true);
        return thread;
    });
    /** Guarded by itself; insertion order is the order pull requests are served in. */
    private final Map<Integer, Job> queued = new LinkedHashMap<>();
    /** The head each open pull request was last planned at. */
    private final Map<Integer, String> planned = new ConcurrentHashMap<>();
    /** Stacks each pull request made change sets for, to clean them when it closes. */
    private final Map<Integer, Set<String>> stacksByPullRequest = new ConcurrentHashMap<>();

    /**
     * @param stacks the daemon's one CloudFormation port, shared with the sync: a review's change
     *               set and the sync's apply of the same stack take turns on it, and change sets are
     *               made in each district's region, as the sync applies them
     */
    @Inject
    public PullRequestReviewer(GitConfig git, GitAuth auth, io.rambla.apply.RegionalStacks stacks, GitHost host,
            PullRequestCommenter commenter, @Nullable ReviewLock lock, RepositoryId repository,
            @Value("${rambla.review.max-units:200}") int maxUnits,
            @Value("${rambla.review.max-calls:2000}") int maxCalls,
            @Value("${rambla.review.concurrency:4}") int concurrency) {
        this(review(git, auth, stacks, host, repository, new ChangeSetReview.Limits(maxUnits, maxCalls, concurrency)),
                commenter, lock == null ? ReviewLock.NONE : lock);
        // Before any plan: what a killed daemon's reviews left would otherwise stay until their pull requests close.
        worker.execute(() -> {
            try {
                this.lock.runExclusively(review::sweep);
            } catch (RuntimeException e) {
                LOG.warn("leftover review stacks not swept: {}", e.getMessage());
            }
        });
    }

    private static ChangeSetReview review(GitConfig git, GitAuth auth, io.rambla.apply.RegionalStacks aws, GitHost host,
            RepositoryId repository, ChangeSetReview.Limits limits) {
        return new ChangeSetReview(new JGitSource(git.url(), git.branch(), checkoutDirectory(git), auth), aws, aws, host::headRef,
                host::mergeRef, repository, limits);
    }

    public PullRequestReviewer(PullRequestReview review, PullRequestCommenter commenter) {
        this(review, commenter, ReviewLock.NONE);
    }

    public PullRequestReviewer(PullRequestReview review, PullRequestCommenter commenter, ReviewLock lock) {
        this.review = review;
        this.commenter = commenter;
        this.lock = lock;
    }

    private volatile ReviewAppsService reviewApps;
    private final java.util.concurrent.atomic.AtomicBoolean reviewAppsQueued = new java.util.concurrent.atomic.AtomicBoolean();

    /** Review apps, when on: reconciled on this worker, after plans and closes, so their comment section and the plan take turns. */
    @Inject
    void reviewApps(@Nullable ReviewAppsService reviewApps) {
        this.reviewApps = reviewApps;
        requestReviewApps();
    }

    /** Queues one review-app pass behind the jobs already queued; a pass already waiting covers this request. */
    public void requestReviewApps() {
        ReviewAppsService apps = reviewApps;
        if (apps == null || !reviewAppsQueued.compareAndSet(false, true)) {
            return;
        }
        worker.execute(() -> workers.runJob(WORKER, () -> {
            reviewAppsQueued.set(false);
            lock.runExclusively(apps::reconcile);
        }));
    }

    @Override
    public void pullRequestLabelsChanged(int number) {
        requestReviewApps();
    }

    /** Reports this reviewer's jobs to the daemon's workers (for {@code /health}). */
    @Inject
    void supervisedBy(Workers workers) {
        this.workers = workers;
    }

    /** Next to the sync's checkout, never inside it: the two fetch different commits at the same time. */
    static Path checkoutDirectory(GitConfig git) {
        if (git.workdir() != null && !git.workdir().isBlank()) {
            Path sync = Path.of(git.workdir()).toAbsolutePath();
            return sync.resolveSibling(sync.getFileName() + "-pull-requests");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "rambla",
                UUID.nameUUIDFromBytes(git.url().getBytes(StandardCharsets.UTF_8)) + "-pull-requests");
    }

    @Override
    public void planPullRequest(int number, String headSha) {
        enqueue(number, new Job.Plan(headSha));
    }

    @Override
    public void pullRequestClosed(int number) {
        enqueue(number, new Job.Close());
    }

    /**
     * Brings the plans in line with the open pull requests: plans heads not planned yet, and
     * cleans up after pull requests that closed without a webhook saying so.
     */
    public void catchUp(List<PullRequest> open) {
        Set<Integer> openNumbers = new LinkedHashSet<>();
        for (PullRequest pr : open) {
            openNumbers.add(pr.number());
            if (pr.headSha().equalsIgnoreCase(planned.getOrDefault(pr.number(), "")) || isQueued(pr.number(), pr.headSha())) {
                continue;
            }
            LOG.info("pull request #{} at {} has no plan yet; planning it", pr.number(), shortSha(pr.headSha()));
            planPullRequest(pr.number(), pr.headSha());
        }
        for (Integer number : Set.copyOf(planned.keySet())) {
            if (!openNumbers.contains(number)) {
                pullRequestClosed(number);
            }
        }
        requestReviewApps();
    }

    /** The head the pull request was last planned at, if any. */
    public String plannedHead(int number) {
        return planned.get(number);
    }

    private boolean isQueued(int number, String headSha) {
        synchronized (queued) {
            return queued.get(number) instanceof Job.Plan plan && headSha.equalsIgnoreCase(plan.headSha());
        }
    }

    private void enqueue(int number, Job job) {
        synchronized (queued) {
            if (queued.put(number, job) != null) {
                LOG.debug("pull request #{}: newer request replaces the queued one", number);
                return;
            }
        }
        worker.execute(() -> run(number));
    }

    /** Its name among the daemon's workers. */
    public static final String WORKER = "rambla-pr-review";

    /** Supervised: a job that dies reports the reviewer down until the next job completes; the executor's next thread takes over. */
    private void run(int number) {
        workers.runJob(WORKER, () -> runJob(number));
    }

    private void runJob(int number) {
        Job job;
        synchronized (queued) {
            job = queued.remove(number);
        }
        if (job == null) {
            return;
        }
        MDC.put("pr", Integer.toString(number));
        try {
            lock.runExclusively(() -> {
                if (job instanceof Job.Plan plan) {
                    plan(number, plan.headSha());
                } else {
                    close(number);
                }
            });
        } catch (RuntimeException e) {
            LOG.error("pull request #{} could not be handled", number, e);
        } finally {
            MDC.remove("pr");
        }
    }

    private void plan(int number, String headSha) {
        long started = System.nanoTime();
        MDC.put("revision", shortSha(headSha));
        try {
            planHead(number, headSha, started);
        } finally {
            MDC.remove("revision");
        }
    }

    private void planHead(int number, String headSha, long started) {
        PullRequestReview.Result result;
        try {
            result = review.review(number, headSha);
        } catch (PullRequestReview.StaleHeadException e) {
            LOG.info("pull request #{} not planned at {}: {}", number, shortSha(headSha), e.getMessage());
            return;
        } catch (SourceException e) {
            LOG.warn("pull request #{} not planned: {}", number, e.getMessage());
            return;
        }
        stacksByPullRequest.computeIfAbsent(number, n -> ConcurrentHashMap.newKeySet()).addAll(result.stackNames());
        try {
            commenter.upsert(number, result.plan());
        } catch (GitHubException e) {
            LOG.warn("plan of pull request #{} could not be posted; the poller tries again: {}", number, e.getMessage());
            return;
        }
        planned.put(number, result.plan().headSha());
        LOG.info("pull request #{} planned at {} in {} ms", number, shortSha(result.plan().headSha()),
                (System.nanoTime() - started) / 1_000_000);
        requestReviewApps();
    }

    private void close(int number) {
        planned.remove(number);
        Set<String> stacks = new LinkedHashSet<>();
        Collection<String> touched = stacksByPullRequest.remove(number);
        if (touched != null) {
            stacks.addAll(touched);
        }
        try {
            // Its last head names the stacks, also after a restart forgot the ones above.
            stacks.addAll(review.stackNames(number));
        } catch (SourceException | RuntimeException e) {
            LOG.debug("pull request #{}: last head not rendered for the cleanup: {}", number, e.getMessage());
        }
        review.cleanUp(number, stacks);
        LOG.info("pull request #{} closed: its change sets on {} stack(s) are cleaned up", number, stacks.size());
        requestReviewApps();
    }

    @PreDestroy
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}
