package io.rambla.review;

import io.micronaut.context.annotation.Requires;
import io.rambla.config.GitConfig;
import jakarta.inject.Inject;
import io.micronaut.scheduling.annotation.Scheduled;
import io.rambla.githost.GitHost;
import io.rambla.githost.GitHostConfigured;
import io.rambla.githost.GitHubException;
import io.rambla.supervise.Workers;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net for pull-request webhooks that never arrive: every
 * {@code rambla.github.pull-request-poll-interval} (2 minutes by default) it lists the open pull
 * requests and hands them to {@link PullRequestReviewer#catchUp}, which plans the heads it has not
 * planned yet.
 */
@Singleton
@Requires(condition = GitHostConfigured.class)
@Requires(property = "rambla.git.url")
public class PullRequestPoller {

    private static final Logger LOG = LoggerFactory.getLogger(PullRequestPoller.class);

    /** Its name among the daemon's workers. */
    public static final String WORKER = "rambla-pr-poller";

    private final GitHost github;
    private final PullRequestReviewer reviewer;
    private final Workers workers;

    /** The tracked branch: only pull requests into it are planned; null lists them all. */
    private final String trackedBranch;

    public PullRequestPoller(GitHost github, PullRequestReviewer reviewer, Workers workers) {
        this(github, reviewer, workers, (String) null);
    }

    @Inject
    public PullRequestPoller(GitHost github, PullRequestReviewer reviewer, Workers workers, GitConfig git) {
        this(github, reviewer, workers, git.branch());
    }

    PullRequestPoller(GitHost github, PullRequestReviewer reviewer, Workers workers, String trackedBranch) {
        this.github = github;
        this.reviewer = reviewer;
        this.workers = workers;
        this.trackedBranch = trackedBranch;
    }

    /** Supervised: a poll that dies reports the poller down until the next poll completes. */
    @Scheduled(fixedDelay = "${rambla.github.pull-request-poll-interval:2m}", initialDelay = "${rambla.github.pull-request-poll-interval:2m}")
    void poll() {
        workers.runJob(WORKER, () -> {
            try {
                reviewer.catchUp(trackedBranch == null ? github.listOpenPullRequests() : github.listOpenPullRequests(trackedBranch));
            } catch (GitHubException e) {
                LOG.warn("open pull requests could not be listed: {}", e.getMessage());
            }
        });
    }
}
