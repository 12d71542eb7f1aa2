package io.rambla.status.github;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in until plan-only change sets exist: notes the request and does nothing else. Any
 * other {@link PullRequestPlanner} bean takes its place.
 */
@Singleton
@Secondary
public class LoggingPullRequestPlanner implements PullRequestPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingPullRequestPlanner.class);

    @Override
    public void planPullRequest(int number, String headSha) {
        LOG.info("pull request #{} at {}: PR planning not wired yet", number, headSha);
    }

    @Override
    public void pullRequestClosed(int number) {
        LOG.info("pull request #{} closed: PR planning not wired yet", number);
    }
}
