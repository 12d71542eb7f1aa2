package io.rambla.status.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rambla.secret.Secret;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    static final CommentLimit COMMENT_LIMIT = CommentLimit.chars(60_000);
    /** GitHub asks for at least a minute when a secondary rate limit gives no time. */
    private static final Duration SECONDARY_LIMIT_WAIT = Duration.ofMinutes(1);

    private final String repository;

    public GitHubClient(URI apiUrl, String repository, Secret token, Duration timeout) {
        this(apiUrl, repository, token, timeout, Clock.systemUTC());
    }

    public GitHubClient(URI apiUrl, String repository, Secret token, Duration timeout, Clock clock) {
        super(apiUrl, token, timeout, clock);
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
    public String name() {
        return "GitHub";
    }

    @Override
    protected String host() {
        return "GitHub";
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
        ObjectNode body = json.createObjectNode();
        body.put("state", status.state().apiName());
        if (status.targetUrl() != null) {
            body.put("target_url", status.targetUrl());
        }
        if (status.description() != null) {
            body.put("description", status.description());
        }
        body.put("context", status.context());
        send("POST", repoPath("/statuses/" + sha), body);
    }

    /** {@code GET /repos/{owner}/{repo}/issues/{n}/comments}, every page. */
    public List<IssueComment> listIssueComments(int pullRequest) {
        List<IssueComment> comments = new ArrayList<>();
        for (JsonNode node : getAllPages(repoPath("/issues/" + pullRequest + "/comments?per_page=100"))) {
            comments.add(comment(node));
        }
        return comments;
    }

    /** {@code POST /repos/{owner}/{repo}/issues/{n}/comments}. */
    @Override
    public IssueComment createComment(int pullRequest, String markdown) {
        return comment(send("POST", repoPath("/issues/" + pullRequest + "/comments"), json.createObjectNode().put("body", markdown)).body());
    }

    /** {@code PATCH /repos/{owner}/{repo}/issues/comments/{id}}. */
    public IssueComment updateComment(long commentId, String markdown) {
        return comment(send("PATCH", repoPath("/issues/comments/" + commentId), json.createObjectNode().put("body", markdown)).body());
    }

    /** {@code GET /repos/{owner}/{repo}/pulls?state=open}, every page. */
    @Override
    public List<PullRequest> listOpenPullRequests() {
        List<PullRequest> pulls = new ArrayList<>();
        for (JsonNode node : getAllPages(repoPath("/pulls?state=open&per_page=100"))) {
            pulls.add(new PullRequest(node.path("number").asInt(), node.path("head").path("sha").asText()));
        }
        return pulls;
    }

    /**
     * {@code GET /repos/{owner}/{repo}/pulls?state=open&base=BRANCH}, every page: the open pull
     * requests that would merge into {@code base}.
     */
    @Override
    public List<PullRequest> listOpenPullRequests(String base) {
        List<PullRequest> pulls = new ArrayList<>();
        String query = "/pulls?state=open&base=" + java.net.URLEncoder.encode(base, java.nio.charset.StandardCharsets.UTF_8) + "&per_page=100";
        for (JsonNode node : getAllPages(repoPath(query))) {
            // GitHub filters by base already; checked again so another host's answer cannot widen it.
            if (base.equals(node.path("base").path("ref").asText(base))) {
                pulls.add(new PullRequest(node.path("number").asInt(), node.path("head").path("sha").asText()));
            }
        }
        return pulls;
    }

    @Override
    public boolean supportsReviewApps() {
        return true;
    }

    /** {@code GET /repos/{owner}/{repo}/pulls?state=open&base=BRANCH}, every page, with labels and head repositories. */
    @Override
    public List<io.rambla.plan.ReviewApps.PullRequestInfo> openPullRequestsForReviewApps(String base) {
        List<io.rambla.plan.ReviewApps.PullRequestInfo> pulls = new ArrayList<>();
        String query = "/pulls?state=open&base=" + java.net.URLEncoder.encode(base, java.nio.charset.StandardCharsets.UTF_8) + "&per_page=100";
        for (JsonNode node : getAllPages(repoPath(query))) {
            if (!base.equals(node.path("base").path("ref").asText(base))) {
                continue;
            }
            java.util.Set<String> labels = new java.util.HashSet<>();
            node.path("labels").forEach(label -> labels.add(label.path("name").asText("")));
            String head = node.path("head").path("repo").path("full_name").asText("");
            // A head repository that is not this one, or that was deleted (null), is a fork.
            boolean fork = head.isEmpty() || !head.equalsIgnoreCase(repository);
            pulls.add(new io.rambla.plan.ReviewApps.PullRequestInfo(node.path("number").asInt(), node.path("head").path("sha").asText(),
                    labels, fork));
        }
        return pulls;
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

    private static IssueComment comment(JsonNode node) {
        return new IssueComment(node.path("id").asLong(), node.path("body").asText(""), node.path("html_url").asText(null));
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
        String text = "GitHub " + what + " answered " + status + (message.isEmpty() ? "" : ": " + message);
        Instant now = clock.instant();
        Optional<Instant> retryAfter = headers.firstValue("retry-after").flatMap(RestClient::number).map(now::plusSeconds);
        boolean exhausted = headers.firstValue("x-ratelimit-remaining").flatMap(RestClient::number).filter(n -> n == 0).isPresent();
        Optional<Instant> reset = headers.firstValue("x-ratelimit-reset").flatMap(RestClient::number).map(Instant::ofEpochSecond);
        boolean rateLimited = status == 429
                || (status == 403 && (retryAfter.isPresent() || exhausted || message.toLowerCase(Locale.ROOT).contains("rate limit")));
        if (rateLimited) {
            Instant at = retryAfter.orElseGet(() -> exhausted && reset.isPresent() ? reset.get() : now.plus(SECONDARY_LIMIT_WAIT));
            return new GitHubException.Transient(text + " (rate limited until " + at + ")", status, at, null);
        }
        if (status >= 500 || status == 408) {
            return new GitHubException.Transient(text, status, retryAfter.orElse(null), null);
        }
        return new GitHubException.Terminal(text, status);
    }

    @Override
    public String toString() {
        return "GitHubClient[" + apiUrl + ", " + repository + "]";
    }
}
