package io.rambla.githost.gitea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rambla.secret.Secret;
import io.rambla.githost.CommitStatus;
import io.rambla.githost.GitHost;
import io.rambla.githost.github.GitHubClient;
import io.rambla.githost.GitHubException;
import io.rambla.githost.IssueComment;
import io.rambla.githost.PullRequest;
import io.rambla.githost.RestClient;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    /** Open pull requests, a page of 50 (Gitea's largest by default). */
    private static final String OPEN = "/pulls?state=open&limit=50";

    private final String repository;

    public GiteaClient(URI apiUrl, String repository, Secret token, Duration timeout) {
        this(apiUrl, repository, token, timeout, Clock.systemUTC());
    }

    public GiteaClient(URI apiUrl, String repository, Secret token, Duration timeout, Clock clock) {
        super("Gitea", apiUrl, token, timeout, clock);
        this.repository = GitHubClient.ownerAndName(repository);
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
        ObjectNode body = withDetails(json.createObjectNode().put("state", status.state().apiName()), status);
        send("POST", repoPath("/statuses/" + sha), body.put("context", status.context()));
    }

    @Override
    public List<IssueComment> listComments(int pullRequest) {
        return pages(repoPath("/issues/" + pullRequest + "/comments"), RestClient::issueComment);
    }

    @Override
    public IssueComment createComment(int pullRequest, String markdown) {
        return issueComment(send("POST", repoPath("/issues/" + pullRequest + "/comments"), json.createObjectNode().put("body", markdown)).body());
    }

    @Override
    public IssueComment updateComment(int pullRequest, long commentId, String markdown) {
        return issueComment(send("PATCH", repoPath("/issues/comments/" + commentId), json.createObjectNode().put("body", markdown)).body());
    }

    @Override
    public List<PullRequest> listOpenPullRequests() {
        return pages(repoPath(OPEN), RestClient::pullRequest);
    }

    /** The open pull requests into {@code base}: Gitea's list has no base filter in every version, so it is filtered here. */
    @Override
    public List<PullRequest> listOpenPullRequests(String base) {
        return pagesInto(base, repoPath(OPEN), GiteaClient::baseRef, RestClient::pullRequest);
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
        return pagesInto(base, repoPath(OPEN), GiteaClient::baseRef, node -> {
            JsonNode head = node.path("head").path("repo").path("id");
            JsonNode into = node.path("base").path("repo").path("id");
            boolean fork = !head.isIntegralNumber() || !into.isIntegralNumber() || head.asLong() != into.asLong();
            return new io.rambla.plan.ReviewApps.PullRequestInfo(node.path("number").asInt(), node.path("head").path("sha").asText(),
                    labelNames(node), fork);
        });
    }

    private static String baseRef(JsonNode pull) {
        return pull.path("base").path("ref").asText("");
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

    /** 429 (from a proxy) waits for {@code Retry-After}, else a minute; 5xx and 408 are retried; the rest is final. */
    @Override
    protected GitHubException classify(String what, int status, HttpHeaders headers, String message) {
        Optional<Instant> retryAfter = retryAfter(headers);
        Optional<Instant> limitedUntil = status == 429 ? Optional.of(retryAfter.orElseGet(() -> clock.instant().plus(DEFAULT_LIMIT_WAIT)))
                : Optional.empty();
        return failure(what, status, message, retryAfter, limitedUntil);
    }

    @Override
    public String toString() {
        return "GiteaClient[" + apiUrl + ", " + repository + "]";
    }
}
