package io.rambla.githost;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The git-host port: the few writes and reads Rambla makes on GitHub, GitLab or Gitea/Forgejo.
 * One adapter per host ({@code GitHubClient}, {@code GitLabClient}, {@code GiteaClient}), chosen
 * by {@code rambla.git-host.kind}; the {@code GitHubOutbox}, its retries and rate-limit waits, and
 * token masking are shared. Every call may throw {@link GitHubException} (transient or terminal),
 * whichever host it went to. "Pull request" means a GitLab merge request too, and its
 * {@code number} is the merge request's iid.
 */
public interface GitHost {

    /** The host's name for logs: GitHub, GitLab or Gitea. */
    String name();

    /** The repository (or GitLab project) written to. */
    String repository();

    /** Sets one commit status, named by {@link CommitStatus#context()}. */
    void createStatus(String sha, CommitStatus status);

    /** The comments (GitLab: notes) of a pull request, every page. */
    List<IssueComment> listComments(int pullRequest);

    IssueComment createComment(int pullRequest, String markdown);

    IssueComment updateComment(int pullRequest, long commentId, String markdown);

    /**
     * Rambla's comment on a pull request — the first whose body {@code ours} recognises — rewritten
     * by {@code edit}, or {@code fresh} posted when there is none. An edit that changes nothing sends
     * nothing and answers the comment as it is.
     */
    default IssueComment upsertComment(int pullRequest, Predicate<String> ours, UnaryOperator<String> edit, String fresh) {
        Optional<IssueComment> existing = listComments(pullRequest).stream().filter(c -> ours.test(c.body())).findFirst();
        if (existing.isEmpty()) {
            return createComment(pullRequest, fresh);
        }
        String body = edit.apply(existing.get().body());
        return body.equals(existing.get().body()) ? existing.get() : updateComment(pullRequest, existing.get().id(), body);
    }

    /** The open pull requests and their heads, every page. */
    List<PullRequest> listOpenPullRequests();

    /**
     * The open pull requests that would merge into {@code base}. GitHub and GitLab ask the host
     * to filter, Gitea filters its answer; an adapter that cannot filter answers all of them.
     */
    default List<PullRequest> listOpenPullRequests(String base) {
        return listOpenPullRequests();
    }

    /**
     * Whether this host answers {@link #openPullRequestsForReviewApps} and {@link #removeLabel}:
     * review apps need a pull request's labels and whether it comes from a fork. GitHub does.
     */
    default boolean supportsReviewApps() {
        return false;
    }

    /**
     * The open pull requests into {@code base} with their labels, and whether each comes from a
     * fork (a head repository other than this one, or one deleted since).
     *
     * @throws UnsupportedOperationException when {@link #supportsReviewApps()} is false
     */
    default List<io.rambla.plan.ReviewApps.PullRequestInfo> openPullRequestsForReviewApps(String base) {
        throw new UnsupportedOperationException(name() + " does not list labels for review apps");
    }

    /** Takes a label off a pull request; a label it does not carry is no error. */
    default void removeLabel(int pullRequest, String label) {
        throw new UnsupportedOperationException(name() + " does not remove labels");
    }

    /** The ref the host keeps a pull request's head commit under, for fetching it. */
    String headRef(int pullRequest);

    /**
     * The ref under which the host keeps the result of merging a pull request into its base, when
     * it computes one: GitHub's {@code refs/pull/N/merge}, GitLab's {@code refs/merge-requests/N/merge}
     * (kept only by some versions and settings). Empty for hosts that keep none (Gitea/Forgejo). The
     * ref may still be missing (a conflict, not computed yet): then the head is planned, and the
     * plan says so.
     */
    default java.util.Optional<String> mergeRef(int pullRequest) {
        return java.util.Optional.empty();
    }

    /** The longest comment the host takes. */
    CommentLimit commentLimit();

    /**
     * How long a comment may be: {@code chars} UTF-16 code units (what Java's length counts) and
     * {@code utf8Bytes} bytes once encoded, whichever is reached first.
     */
    record CommentLimit(int chars, int utf8Bytes) {
        public CommentLimit {
            if (chars < 1_000 || utf8Bytes < 1_000) {
                throw new IllegalArgumentException("a comment limit under 1,000 leaves no room for a plan");
            }
        }

        public static CommentLimit chars(int chars) {
            return new CommentLimit(chars, Integer.MAX_VALUE);
        }
    }
}
