package io.rambla.status.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rambla.secret.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few GitHub REST calls Rambla makes, on the JDK's HTTP client. Every call has a timeout.
 * Failures become {@link GitHubException}s: transient for server errors, rate limits (with the
 * instant the limit resets) and network trouble; terminal for the other 4xx answers.
 */
public class GitHubClient {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubClient.class);
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");
    private static final int MAX_PAGES = 20;
    /** GitHub asks for at least a minute when a secondary rate limit gives no time. */
    private static final Duration SECONDARY_LIMIT_WAIT = Duration.ofMinutes(1);

    private final URI apiUrl;
    private final String repository;
    private final Secret token;
    private final Duration timeout;
    private final HttpClient http;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public GitHubClient(URI apiUrl, String repository, Secret token, Duration timeout) {
        this(apiUrl, repository, token, timeout, Clock.systemUTC());
    }

    public GitHubClient(URI apiUrl, String repository, Secret token, Duration timeout, Clock clock) {
        if (repository == null || !repository.matches("[\\w.-]+/[\\w.-]+")) {
            throw new IllegalArgumentException("repository must be owner/name, not " + repository);
        }
        String base = apiUrl.toString();
        this.apiUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.repository = repository;
        this.token = Objects.requireNonNull(token, "token");
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public String repository() {
        return repository;
    }

    /** {@code POST /repos/{owner}/{repo}/statuses/{sha}}. */
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
    public IssueComment createComment(int pullRequest, String markdown) {
        return comment(send("POST", repoPath("/issues/" + pullRequest + "/comments"), json.createObjectNode().put("body", markdown)).body());
    }

    /** {@code PATCH /repos/{owner}/{repo}/issues/comments/{id}}. */
    public IssueComment updateComment(long commentId, String markdown) {
        return comment(send("PATCH", repoPath("/issues/comments/" + commentId), json.createObjectNode().put("body", markdown)).body());
    }

    /** {@code GET /repos/{owner}/{repo}/pulls?state=open}, every page. */
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

    private String repoPath(String rest) {
        return "/repos/" + repository + rest;
    }

    private static IssueComment comment(JsonNode node) {
        return new IssueComment(node.path("id").asLong(), node.path("body").asText(""), node.path("html_url").asText(null));
    }

    private List<JsonNode> getAllPages(String path) {
        List<JsonNode> items = new ArrayList<>();
        URI next = apiUrl.resolve(apiUrl.getPath() + path);
        for (int page = 0; next != null && page < MAX_PAGES; page++) {
            Answer answer = exchange("GET", next, null);
            answer.body().forEach(items::add);
            next = nextPage(answer.headers()).orElse(null);
        }
        return items;
    }

    private static Optional<URI> nextPage(HttpHeaders headers) {
        return headers.firstValue("link").map(NEXT_LINK::matcher).filter(Matcher::find).map(m -> URI.create(m.group(1)));
    }

    private Answer send(String method, String path, JsonNode body) {
        return exchange(method, apiUrl.resolve(apiUrl.getPath() + path), body);
    }

    private record Answer(JsonNode body, HttpHeaders headers) {}

    private Answer exchange(String method, URI uri, JsonNode body) {
        String what = method + " " + uri.getPath();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "rambla")
                .header("Authorization", "Bearer " + token.reveal());
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new GitHubException.Transient("GitHub " + what + " timed out after " + timeout, 0, null, null);
        } catch (IOException e) {
            throw new GitHubException.Transient("GitHub " + what + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), 0, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException.Transient("GitHub " + what + " interrupted", 0, null, null);
        }
        int status = response.statusCode();
        LOG.debug("GitHub {} answered {}", what, status);
        if (status >= 200 && status < 300) {
            return new Answer(parse(response.body()), response.headers());
        }
        throw classify(what, status, response.headers(), message(response.body()));
    }

    /** Follows GitHub's advice on rate limits: retry-after first, then the reset of an exhausted limit, else a minute. */
    GitHubException classify(String what, int status, HttpHeaders headers, String message) {
        String text = "GitHub " + what + " answered " + status + (message.isEmpty() ? "" : ": " + message);
        Instant now = clock.instant();
        Optional<Instant> retryAfter = headers.firstValue("retry-after").flatMap(GitHubClient::number).map(now::plusSeconds);
        boolean exhausted = headers.firstValue("x-ratelimit-remaining").flatMap(GitHubClient::number).filter(n -> n == 0).isPresent();
        Optional<Instant> reset = headers.firstValue("x-ratelimit-reset").flatMap(GitHubClient::number).map(Instant::ofEpochSecond);
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

    private static Optional<Long> number(String value) {
        try {
            return Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private byte[] bytes(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return json.nullNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new GitHubException.Transient("GitHub answered with a body that is not JSON", 0, null, null);
        }
    }

    /** GitHub's own {@code message} field, cut short; the raw body otherwise. */
    private String message(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text;
        try {
            text = json.readTree(body).path("message").asText("");
        } catch (IOException e) {
            text = new String(body, StandardCharsets.UTF_8);
        }
        text = text.replace(token.reveal(), Secret.MASK).strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    @Override
    public String toString() {
        return "GitHubClient[" + apiUrl + ", " + repository + "]";
    }
}
