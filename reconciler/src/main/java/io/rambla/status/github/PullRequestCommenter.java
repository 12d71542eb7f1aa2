package io.rambla.status.github;

import io.rambla.githost.CommitStatus;
import io.rambla.githost.GitHost;
import io.rambla.githost.GitHostConfigured;
import io.rambla.githost.GitHubException;
import io.rambla.githost.IssueComment;
import io.micronaut.context.annotation.Requires;
import io.rambla.plan.PullRequestPlan;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one plan comment per pull request: finds Rambla's earlier comment by its marker and edits
 * it in place, or posts the first one; then sets {@code rambla/plan} on the head commit. Calls
 * the git host directly and may throw {@link GitHubException}: use it from a planner's worker thread,
 * never from a request thread or a sync.
 */
@Singleton
@Requires(condition = GitHostConfigured.class)
public class PullRequestCommenter {

    public static final String PLAN_CONTEXT = "rambla/plan";
    private static final Logger LOG = LoggerFactory.getLogger(PullRequestCommenter.class);

    private final GitHost client;
    private final GitHubOutbox outbox;

    public PullRequestCommenter(GitHost client, GitHubOutbox outbox) {
        this.client = client;
        this.outbox = outbox;
    }

    public IssueComment upsert(int pullRequest, PullRequestPlan plan) {
        String body = PullRequestComment.render(plan, client.commentLimit());
        IssueComment comment = client.upsertComment(pullRequest, PullRequestComment::isPlanComment, existing -> {
            // The review-app section below the plan is kept: review apps rewrite it, not the plan.
            String section = ReviewAppsComment.sectionOf(existing);
            return section.isEmpty() ? body : ReviewAppsComment.withSection(body, section);
        }, body);
        LOG.info("plan of #{} at {} posted: {}", pullRequest, plan.headSha(), PullRequestComment.summary(plan));
        outbox.status(plan.headSha(), new CommitStatus(
                !plan.valid() ? CommitStatus.State.FAILURE
                        : plan.failed().isEmpty() ? CommitStatus.State.SUCCESS : CommitStatus.State.ERROR,
                comment.htmlUrl(),
                PullRequestComment.summary(plan),
                PLAN_CONTEXT));
        return comment;
    }
}
