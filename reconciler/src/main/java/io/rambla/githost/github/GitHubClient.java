package io.rambla.githost.github;

import io.rambla.githost.CommitStatus;
import io.rambla.githost.GitHost;
import io.rambla.githost.GitHubException;
import io.rambla.githost.IssueComment;
import io.rambla.githost.PullRequest;
import io.rambla.githost.RestClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rambla.secret.Secret;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The few GitHub REST calls Rambla makes, on the JDK's HTTP client. Every call has a timeout.
 * Failures become {@link GitHubException}s: transient for server errors, rate limits (with the
 * instant the limit resets) and network trouble; terminal for the other 4xx answers.
 */
public class GitHubClient extends RestClient implements GitHost {

    /** GitHub refuses comments over 65,536 characters; stay well below. */
    public static final CommentLimit COMMENT_LIMIT = CommentLimit.chars(60_000);
    /** GitHub asks for at least a minute when a secondary rate limit gives no time. */
    private static final Duration SECONDARY_LIMIT_WAIT = Duration.ofMinutes(1);

    private final String repository;

    public GitHubClient(URI apiUrl, String repository, Secret token, Duration timeout) {
        this(apiUrl, repository, token, timeout, Clock.systemUTC());
    }

    public GitHubClient(URI apiUrl, String repository, Secret token, Duration timeout, Clock clock) {
        super("GitHub", apiUrl, token, timeout, clock);
        this.repository = ownerAndName(repository);
    }

    /** {@code owner/name}, checked: it becomes part of every path. */
    public static String ownerAndName(String repository) {
        if (repository == null || !repository.matches("[\\w.-]+/[\\w.-]+") || repository.matches("(.*/)?\\.{1,2}(/.*)?")) {
            throw new IllegalArgumentException("repository must be owner/name, not " + repository);
        }
        return repository;
    }

    @Override
    public String repository() {
        return repository;
    }

    @Override
    public String headRef(int pullRequest) {
        return "refs/pull/" + pullRequest + "/head";
    }

    @Override
    public java.util.Optional<String> mergeRef(int pullRequest) {
        return java.util.Optional.of("refs/pull/" + pullRequest + "/merge");
    }

    @Override
    public CommentLimit commentLimit() {
        return COMMENT_LIMIT;
    }

    @Override
    public List<IssueComment> listComments(int pullRequest) {
        return listIssueComments(pullRequest);
    }

    @Override
    public IssueComment updateComment(int pullRequest, long commentId, String markdown) {
        return updateComment(commentId, markdown);
    }

    /** {@code POST /repos/{owner}/{repo}/statuses/{sha}}. */
    @Override
    public void createStatus(String sha, CommitStatus status) {
        ObjectNode body = withDetails(json.createObjectNode().put("state", status.state().apiName()), status);
        send("POST", repoPath("/statuses/" + sha), body.put("context", status.context()));
    }

    /** {@code GET /repos/{owner}/{repo}/issues/{n}/comments}, every page. */
    public List<IssueComment> listIssueComments(int pullRequest) {
        return pages(repoPath("/issues/" + pullRequest + "/comments?per_page=100"), RestClient::issueComment);
    }

    /** {@code POST /repos/{owner}/{repo}/issues/{n}/comments}. */
    @Override
    public IssueComment createComment(int pullRequest, String markdown) {
        return issueComment(send("POST", repoPath("/issues/" + pullRequest + "/comments"), json.createObjectNode().put("body", markdown)).body());
    }

    /** {@code PATCH /repos/{owner}/{repo}/issues/comments/{id}}. */
    public IssueComment updateComment(long commentId, String markdown) {
        return issueComment(send("PATCH", repoPath("/issues/comments/" + commentId), json.createObjectNode().put("body", markdown)).body());
    }

    /** {@code GET /repos/{owner}/{repo}/pulls?state=open}, every page. */
    @Override
    public List<PullRequest> listOpenPullRequests() {
        return pages(repoPath("/pulls?state=open&per_page=100"), RestClient::pullRequest);
    }

    /**
     * {@code GET /repos/{owner}/{repo}/pulls?state=open&base=BRANCH}, every page: the open pull
     * requests that would merge into {@code base}.
     */
    @Override
    public List<PullRequest> listOpenPullRequests(String base) {
        // GitHub filters by base already; checked again so another host's answer cannot widen it.
        return pagesInto(base, openInto(base), node -> node.path("base").path("ref").asText(base), RestClient::pullRequest);
    }

    @Override
    public boolean supportsReviewApps() {
        return true;
    }

    /** {@code GET /repos/{owner}/{repo}/pulls?state=open&base=BRANCH}, every page, with labels and head repositories. */
    @Override
    public List<io.rambla.plan.ReviewApps.PullRequestInfo> openPullRequestsForReviewApps(String base) {
        return pagesInto(base, openInto(base), node -> node.path("base").path("ref").asText(base), node -> {
            String head = node.path("head").path("repo").path("full_name").asText("");
            // A head repository that is not this one, or that was deleted (null), is a fork.
            boolean fork = head.isEmpty() || !head.equalsIgnoreCase(repository);
            return new io.rambla.plan.ReviewApps.PullRequestInfo(node.path("number").asInt(), node.path("head").path("sha").asText(),
                    labelNames(node), fork);
        });
    }

    private String openInto(String base) {
        return repoPath("/pulls?state=open&base=" + java.net.URLEncoder.encode(base, java.nio.charset.StandardCharsets.UTF_8) + "&per_page=100");
    }

    /** {@code DELETE /repos/{owner}/{repo}/issues/{n}/labels/{name}}; 404 (label not there) is fine. */
    @Override
    public void removeLabel(int pullRequest, String label) {
        String name = java.net.URLEncoder.encode(label, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        try {
            send("DELETE", repoPath("/issues/" + pullRequest + "/labels/" + name), null);
        } catch (GitHubException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    private String repoPath(String rest) {
        return "/repos/" + repository + rest;
    }

    @Override
    protected void authorize(HttpRequest.Builder request) {
        request.header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("Authorization", "Bearer " + token.reveal());
    }

    /** Follows GitHub's advice on rate limits: retry-after first, then the reset of an exhausted limit, else a minute. */
    @Override
    protected GitHubException classify(String what, int status, HttpHeaders headers, String message) {
        Instant now = clock.instant();
        Optional<Instant> retryAfter = retryAfter(headers);
        boolean exhausted = headers.firstValue("x-ratelimit-remaining").flatMap(RestClient::number).filter(n -> n == 0).isPresent();
        Optional<Instant> reset = headers.firstValue("x-ratelimit-reset").flatMap(RestClient::number).map(Instant::ofEpochSecond);
        boolean rateLimited = status == 429
                || (status == 403 && (retryAfter.isPresent() || exhausted || message.toLowerCase(Locale.ROOT).contains("rate limit")));
        Optional<Instant> limitedUntil = rateLimited
                ? Optional.of(retryAfter.orElseGet(() -> exhausted && reset.isPresent() ? reset.get() : now.plus(SECONDARY_LIMIT_WAIT)))
                : Optional.empty();
        return failure(what, status, message, retryAfter, limitedUntil);
    }

    @Override
    public String toString() {
        return "GitHubClient[" + apiUrl + ", " + repository + "]";
    }
}
