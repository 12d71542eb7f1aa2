package io.rambla.review;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.rambla.status.github.GitHubClient;
import io.rambla.status.github.GitHubConfigured;
import io.rambla.status.github.GitHubException;
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
@Requires(condition = GitHubConfigured.class)
@Requires(property = "rambla.git.url")
public class PullRequestPoller {

    private static final Logger LOG = LoggerFactory.getLogger(PullRequestPoller.class);

    /** Its name among the daemon's workers. */
    public static final String WORKER = "rambla-pr-poller";

    private final GitHubClient github;
    private final PullRequestReviewer reviewer;
    private final Workers workers;

    public PullRequestPoller(GitHubClient github, PullRequestReviewer reviewer, Workers workers) {
        this.github = github;
        this.reviewer = reviewer;
        this.workers = workers;
    }

    /** Supervised: a poll that dies reports the poller down until the next poll completes. */
    @Scheduled(fixedDelay = "${rambla.github.pull-request-poll-interval:2m}", initialDelay = "${rambla.github.pull-request-poll-interval:2m}")
    void poll() {
        workers.runJob(WORKER, () -> {
            try {
                reviewer.catchUp(github.listOpenPullRequests());
            } catch (GitHubException e) {
                LOG.warn("open pull requests could not be listed: {}", e.getMessage());
            }
        });
    }
}
