package io.rambla.githost.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rambla.secret.Secret;
import io.rambla.githost.CommitStatus;
import io.rambla.githost.GitHost;
import io.rambla.githost.GitHubException;
import io.rambla.githost.IssueComment;
import io.rambla.githost.PullRequest;
import io.rambla.githost.RestClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * GitLab's REST API (v4) as a {@link GitHost}, for gitlab.com and self-managed instances:
 * <ul>
 *   <li>statuses: {@code POST /projects/:id/statuses/:sha} with {@code state} (pending, running,
 *       success, failed, canceled), {@code name}, {@code target_url}, {@code description} —
 *       https://docs.gitlab.com/api/commits/#set-the-pipeline-status-of-a-commit</li>
 *   <li>merge-request notes: {@code GET/POST /projects/:id/merge_requests/:iid/notes},
 *       {@code PUT /projects/:id/merge_requests/:iid/notes/:note_id} —
 *       https://docs.gitlab.com/api/notes/#merge-requests</li>
 *   <li>open merge requests: {@code GET /projects/:id/merge_requests?state=opened} —
 *       https://docs.gitlab.com/api/merge_requests/#list-project-merge-requests</li>
 *   <li>review apps: the same list's {@code labels}, {@code source_project_id} and
 *       {@code target_project_id}; a label comes off with {@code PUT /projects/:id/merge_requests/:iid}
 *       and {@code remove_labels} — https://docs.gitlab.com/api/merge_requests/#update-mr</li>
 *   <li>rate limits: 429 with {@code Retry-After} and {@code RateLimit-Reset} (Unix time) —
 *       https://docs.gitlab.com/administration/settings/user_and_ip_rate_limits/#response-headers</li>
 * </ul>
 * The token goes in {@code PRIVATE-TOKEN}. A project given by path is URL-encoded as the API asks.
 */
public class GitLabClient extends RestClient implements GitHost {

    /** GitLab refuses notes over 1,000,000 characters. */
    static final CommentLimit COMMENT_LIMIT = CommentLimit.chars(1_000_000);
    /** The longest status name GitLab stores (a 255-character column). */
    static final int MAX_NAME = 255;
    private static final Duration DEFAULT_LIMIT_WAIT = Duration.ofMinutes(1);

    private final String project;
    private final String projectPath;

    public GitLabClient(URI apiUrl, String project, Secret token, Duration timeout) {
        this(apiUrl, project, token, timeout, Clock.systemUTC());
    }

    public GitLabClient(URI apiUrl, String project, Secret token, Duration timeout, Clock clock) {
        super("GitLab", apiUrl, token, timeout, clock);
        if (project == null || !project.matches("\\d+|[\\w.-]+(/[\\w.-]+)+") || project.contains("..")) {
            throw new IllegalArgumentException("project must be a numeric id or a path such as group/infra, not " + project);
        }
        this.project = project;
        this.projectPath = "/projects/" + URLEncoder.encode(project, StandardCharsets.UTF_8);
    }

    @Override
    public String repository() {
        return project;
    }

    @Override
    public String headRef(int pullRequest) {
        return "refs/merge-requests/" + pullRequest + "/head";
    }

    @Override
    public java.util.Optional<String> mergeRef(int pullRequest) {
        return java.util.Optional.of("refs/merge-requests/" + pullRequest + "/merge");
    }

    @Override
    public CommentLimit commentLimit() {
        return COMMENT_LIMIT;
    }

    @Override
    protected void authorize(HttpRequest.Builder request) {
        request.header("Accept", "application/json").header("PRIVATE-TOKEN", token.reveal());
    }

    @Override
    public void createStatus(String sha, CommitStatus status) {
        ObjectNode body = withDetails(json.createObjectNode().put("state", state(status.state())).put("name", name(status.context())), status);
        try {
            send("POST", projectPath + "/statuses/" + sha, body);
        } catch (GitHubException.Terminal e) {
            // GitLab answers 400 "Cannot transition status via :enqueue from :pending" when the state
            // does not change: the status is already what was asked, so that is a success.
            if (e.status() != 400 || !e.getMessage().contains("Cannot transition status")) {
                throw e;
            }
        }
    }

    /** GitLab's words: it has no "error" and no "failure", only "failed". */
    static String state(CommitStatus.State state) {
        return switch (state) {
            case PENDING -> "pending";
            case SUCCESS -> "success";
            case FAILURE, ERROR -> "failed";
        };
    }

    /** Names past GitLab's limit keep their start and end a hash of the whole, so two long names stay apart. */
    static String name(String context) {
        if (context.length() <= MAX_NAME) {
            return context;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(context.getBytes(StandardCharsets.UTF_8));
            String suffix = "~" + HexFormat.of().formatHex(digest, 0, 6);
            int end = MAX_NAME - suffix.length();
            if (Character.isHighSurrogate(context.charAt(end - 1))) {
                end--;
            }
            return context.substring(0, end) + suffix;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<IssueComment> listComments(int mergeRequest) {
        List<IssueComment> notes = new ArrayList<>();
        for (JsonNode node : getAllPages(notesPath(mergeRequest) + "?sort=asc&order_by=created_at&per_page=100")) {
            if (!node.path("system").asBoolean(false)) {
                notes.add(note(mergeRequest, node));
            }
        }
        return notes;
    }

    @Override
    public IssueComment createComment(int mergeRequest, String markdown) {
        return note(mergeRequest, send("POST", notesPath(mergeRequest), json.createObjectNode().put("body", markdown)).body());
    }

    @Override
    public IssueComment updateComment(int mergeRequest, long noteId, String markdown) {
        return note(mergeRequest, send("PUT", notesPath(mergeRequest) + "/" + noteId, json.createObjectNode().put("body", markdown)).body());
    }

    @Override
    public List<PullRequest> listOpenPullRequests() {
        return pages(projectPath + "/merge_requests?state=opened&per_page=100", GitLabClient::mergeRequest);
    }

    /**
     * {@code GET /projects/:id/merge_requests?state=opened&target_branch=BASE}, every page: the open
     * merge requests into {@code base}, checked again here so no answer can widen it.
     */
    @Override
    public List<PullRequest> listOpenPullRequests(String base) {
        return pagesInto(base, openInto(base), GitLabClient::targetBranch, GitLabClient::mergeRequest);
    }

    @Override
    public boolean supportsReviewApps() {
        return true;
    }

    /**
     * {@code GET /projects/:id/merge_requests?state=opened&target_branch=BASE}, every page: each
     * merge request's {@code labels} (names, GitLab's default shape) and whether it comes from a fork
     * — a {@code source_project_id} other than its {@code target_project_id}, or none at all.
     */
    @Override
    public List<io.rambla.plan.ReviewApps.PullRequestInfo> openPullRequestsForReviewApps(String base) {
        return pagesInto(base, openInto(base), GitLabClient::targetBranch, node -> {
            java.util.Set<String> labels = new java.util.HashSet<>();
            node.path("labels").forEach(label -> labels.add(label.isObject() ? label.path("name").asText("") : label.asText("")));
            JsonNode source = node.path("source_project_id");
            JsonNode target = node.path("target_project_id");
            // A source project that is not the target (a fork), or that GitLab no longer names, is not trusted.
            boolean fork = !source.isIntegralNumber() || !target.isIntegralNumber() || source.asLong() != target.asLong();
            return new io.rambla.plan.ReviewApps.PullRequestInfo(node.path("iid").asInt(), node.path("sha").asText(), labels, fork);
        });
    }

    private String openInto(String base) {
        return projectPath + "/merge_requests?state=opened&target_branch=" + URLEncoder.encode(base, StandardCharsets.UTF_8) + "&per_page=100";
    }

    private static String targetBranch(JsonNode mergeRequest) {
        return mergeRequest.path("target_branch").asText("");
    }

    private static PullRequest mergeRequest(JsonNode node) {
        return new PullRequest(node.path("iid").asInt(), node.path("sha").asText());
    }

    /**
     * {@code PUT /projects/:id/merge_requests/:iid} with {@code remove_labels}; GitLab ignores a
     * label the merge request does not carry. {@code remove_labels} is a comma-separated list and
     * GitLab's label names cannot hold a comma, so a name with one is carried by no merge request:
     * nothing is sent, rather than taking off the labels it would split into.
     */
    @Override
    public void removeLabel(int mergeRequest, String label) {
        if (label == null || label.isBlank() || label.contains(",")) {
            return;
        }
        send("PUT", projectPath + "/merge_requests/" + mergeRequest, json.createObjectNode().put("remove_labels", label));
    }

    private String notesPath(int mergeRequest) {
        return projectPath + "/merge_requests/" + mergeRequest + "/notes";
    }

    /** Notes carry no web address; for a project named by path it is the merge request's page with the note's anchor. */
    private IssueComment note(int mergeRequest, JsonNode node) {
        long id = node.path("id").asLong();
        String web = project.matches("\\d+") ? null
                : webBase() + "/" + project + "/-/merge_requests/" + mergeRequest + "#note_" + id;
        return new IssueComment(id, node.path("body").asText(""), web);
    }

    private String webBase() {
        String base = apiUrl.toString();
        return base.endsWith("/api/v4") ? base.substring(0, base.length() - "/api/v4".length()) : base;
    }

    /** 429 waits for {@code Retry-After}, else {@code RateLimit-Reset}, else a minute; 5xx and 408 are retried; the rest is final. */
    @Override
    protected GitHubException classify(String what, int status, HttpHeaders headers, String message) {
        Optional<Instant> retryAfter = retryAfter(headers);
        Optional<Instant> reset = headers.firstValue("ratelimit-reset").flatMap(RestClient::number).map(Instant::ofEpochSecond);
        Optional<Instant> limitedUntil = status == 429
                ? Optional.of(retryAfter.or(() -> reset).orElseGet(() -> clock.instant().plus(DEFAULT_LIMIT_WAIT)))
                : Optional.empty();
        return failure(what, status, message, retryAfter, limitedUntil);
    }

    @Override
    public String toString() {
        return "GitLabClient[" + apiUrl + ", " + project + "]";
    }
}
