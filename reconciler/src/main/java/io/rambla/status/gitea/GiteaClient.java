package io.rambla.status.gitea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rambla.secret.Secret;
import io.rambla.status.github.CommitStatus;
import io.rambla.status.github.GitHost;
import io.rambla.status.github.GitHubClient;
import io.rambla.status.github.GitHubException;
import io.rambla.status.github.IssueComment;
import io.rambla.status.github.PullRequest;
import io.rambla.status.github.RestClient;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gitea's REST API (v1), which Forgejo serves too, as a {@link GitHost}; the operations are those of
 * https://gitea.com/api/swagger (the same in Forgejo's https://codeberg.org/api/swagger):
 * <ul>
 *   <li>statuses: {@code POST /repos/{owner}/{repo}/statuses/{sha}} ({@code CreateStatusOption}:
 *       {@code state} pending/success/error/failure/warning, {@code target_url}, {@code description}, {@code context})</li>
 *   <li>comments: {@code GET/POST /repos/{owner}/{repo}/issues/{index}/comments},
 *       {@code PATCH /repos/{owner}/{repo}/issues/comments/{id}} (a pull request is an issue)</li>
 *   <li>open pull requests: {@code GET /repos/{owner}/{repo}/pulls?state=open}, pages by {@code Link};
 *       for review apps their {@code labels[].name} and {@code head.repo.id} against {@code base.repo.id}</li>
 *   <li>labels: {@code GET /repos/{owner}/{repo}/issues/{index}/labels},
 *       {@code DELETE /repos/{owner}/{repo}/issues/{index}/labels/{id}}</li>
 * </ul>
 * The token goes in {@code Authorization: token …}. Gitea has no API rate limit of its own; a
 * proxy in front of it may answer 429, which is waited out like GitHub's.
 */
public class GiteaClient extends RestClient implements GitHost {

    /** Gitea keeps comments in a TEXT column on MySQL: 65,535 bytes; stay below in both measures. */
    static final CommentLimit COMMENT_LIMIT = new CommentLimit(60_000, 65_000);
    private static final Duration DEFAULT_LIMIT_WAIT = Duration.ofMinutes(1);

    private final String repository;

    public GiteaClient(URI apiUrl, String repository, Secret token, Duration timeout) {
        this(apiUrl, repository, token, timeout, Clock.systemUTC());
    }

    public GiteaClient(URI apiUrl, String repository, Secret token, Duration timeout, Clock clock) {
        super(apiUrl, token, timeout, clock);
        this.repository = GitHubClient.ownerAndName(repository);
    }

    @Override
    public String name() {
        return "Gitea";
    }

    @Override
    protected String host() {
        return "Gitea";
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
    public CommentLimit commentLimit() {
        return COMMENT_LIMIT;
    }

    @Override
    protected void authorize(HttpRequest.Builder request) {
        request.header("Accept", "application/json").header("Authorization", "token " + token.reveal());
    }

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

    @Override
    public List<IssueComment> listComments(int pullRequest) {
        List<IssueComment> comments = new ArrayList<>();
        for (JsonNode node : getAllPages(repoPath("/issues/" + pullRequest + "/comments"))) {
            comments.add(comment(node));
        }
        return comments;
    }

    @Override
    public IssueComment createComment(int pullRequest, String markdown) {
        return comment(send("POST", repoPath("/issues/" + pullRequest + "/comments"), json.createObjectNode().put("body", markdown)).body());
    }

    @Override
    public IssueComment updateComment(int pullRequest, long commentId, String markdown) {
        return comment(send("PATCH", repoPath("/issues/comments/" + commentId), json.createObjectNode().put("body", markdown)).body());
    }

    @Override
    public List<PullRequest> listOpenPullRequests() {
        List<PullRequest> pulls = new ArrayList<>();
        for (JsonNode node : getAllPages(repoPath("/pulls?state=open&limit=50"))) {
            pulls.add(new PullRequest(node.path("number").asInt(), node.path("head").path("sha").asText()));
        }
        return pulls;
    }

    /** The open pull requests into {@code base}: Gitea's list has no base filter in every version, so it is filtered here. */
    @Override
    public List<PullRequest> listOpenPullRequests(String base) {
        List<PullRequest> pulls = new ArrayList<>();
        for (JsonNode node : getAllPages(repoPath("/pulls?state=open&limit=50"))) {
            if (base.equals(node.path("base").path("ref").asText(""))) {
                pulls.add(new PullRequest(node.path("number").asInt(), node.path("head").path("sha").asText()));
            }
        }
        return pulls;
    }

    @Override
    public boolean supportsReviewApps() {
        return true;
    }

    /**
     * {@code GET /repos/{owner}/{repo}/pulls?state=open}, every page, filtered to {@code base}: each
     * pull request's {@code labels[].name}, and whether it comes from a fork — a {@code head.repo}
     * other than {@code base.repo} by id, or none (deleted since).
     */
    @Override
    public List<io.rambla.plan.ReviewApps.PullRequestInfo> openPullRequestsForReviewApps(String base) {
        List<io.rambla.plan.ReviewApps.PullRequestInfo> pulls = new ArrayList<>();
        for (JsonNode node : getAllPages(repoPath("/pulls?state=open&limit=50"))) {
            if (!base.equals(node.path("base").path("ref").asText(""))) {
                continue;
            }
            java.util.Set<String> labels = new java.util.HashSet<>();
            node.path("labels").forEach(label -> labels.add(label.path("name").asText("")));
            JsonNode head = node.path("head").path("repo").path("id");
            JsonNode into = node.path("base").path("repo").path("id");
            boolean fork = !head.isIntegralNumber() || !into.isIntegralNumber() || head.asLong() != into.asLong();
            pulls.add(new io.rambla.plan.ReviewApps.PullRequestInfo(node.path("number").asInt(), node.path("head").path("sha").asText(),
                    labels, fork));
        }
        return pulls;
    }

    /**
     * Gitea takes a label off by id: {@code GET /repos/{owner}/{repo}/issues/{index}/labels} finds the
     * ids carrying exactly this name, then {@code DELETE /repos/{owner}/{repo}/issues/{index}/labels/{id}}
     * removes each. A label the pull request does not carry sends no DELETE; a 404 (gone meanwhile) is fine.
     */
    @Override
    public void removeLabel(int pullRequest, String label) {
        JsonNode carried = send("GET", repoPath("/issues/" + pullRequest + "/labels"), null).body();
        for (JsonNode node : carried) {
            if (label.equals(node.path("name").asText(null)) && node.path("id").isIntegralNumber()) {
                try {
                    send("DELETE", repoPath("/issues/" + pullRequest + "/labels/" + node.path("id").asLong()), null);
                } catch (GitHubException e) {
                    if (e.status() != 404) {
                        throw e;
                    }
                }
            }
        }
    }

    private String repoPath(String rest) {
        return "/repos/" + repository + rest;
    }

    private static IssueComment comment(JsonNode node) {
        return new IssueComment(node.path("id").asLong(), node.path("body").asText(""), node.path("html_url").asText(null));
    }

    /** 429 (from a proxy) waits for {@code Retry-After}, else a minute; 5xx and 408 are retried; the rest is final. */
    @Override
    protected GitHubException classify(String what, int status, HttpHeaders headers, String message) {
        String text = "Gitea " + what + " answered " + status + (message.isEmpty() ? "" : ": " + message);
        Instant now = clock.instant();
        Optional<Instant> retryAfter = headers.firstValue("retry-after").flatMap(RestClient::number).map(now::plusSeconds);
        if (status == 429) {
            Instant at = retryAfter.orElseGet(() -> now.plus(DEFAULT_LIMIT_WAIT));
            return new GitHubException.Transient(text + " (rate limited until " + at + ")", status, at, null);
        }
        if (status >= 500 || status == 408) {
            return new GitHubException.Transient(text, status, retryAfter.orElse(null), null);
        }
        return new GitHubException.Terminal(text, status);
    }

    @Override
    public String toString() {
        return "GiteaClient[" + apiUrl + ", " + repository + "]";
    }
}
