package io.rambla.githost;

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
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-over-HTTPS part every git host shares, on the JDK's HTTP client: a timeout on every
 * call, pages followed by their {@code Link: rel="next"} header and read into items, and failures
 * turned into {@link GitHubException}s by the host's own {@link #classify}, which says only when
 * the host is rate limited ({@link #failure} does the rest). The token never appears in a
 * message: a host that echoes it back has it masked. Each host gives only its URLs and shapes.
 */
public abstract class RestClient {

    private static final Logger LOG = LoggerFactory.getLogger(RestClient.class);
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");
    private static final int MAX_PAGES = 20;
    /** Every call to a git host gives up after this long. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    protected final URI apiUrl;
    protected final Secret token;
    protected final Duration timeout;
    protected final Clock clock;
    protected final ObjectMapper json = new ObjectMapper();
    private final HttpClient http;

    /** @param name the host's name, first word of every message: GitHub, GitLab or Gitea */
    protected RestClient(String name, URI apiUrl, Secret token, Duration timeout, Clock clock) {
        this.name = name;
        String base = apiUrl.toString();
        this.apiUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.token = Objects.requireNonNull(token, "token");
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The host's name, first word of every message. */
    public String name() {
        return name;
    }

    /** Adds the credentials and the headers the host asks for. */
    protected abstract void authorize(HttpRequest.Builder request);

    /** Turns an answer other than 2xx into a transient or terminal failure, mostly by {@link #failure}. */
    protected abstract GitHubException classify(String what, int status, HttpHeaders headers, String message);

    /**
     * The rule every host shares: rate limited until {@code limitedUntil} (when present) is
     * transient and says until when; 5xx and 408 are transient, retried after {@code Retry-After}
     * when given; any other answer is terminal.
     */
    protected GitHubException failure(String what, int status, String message, Optional<Instant> retryAfter, Optional<Instant> limitedUntil) {
        String text = name + " " + what + " answered " + status + (message.isEmpty() ? "" : ": " + message);
        if (limitedUntil.isPresent()) {
            return new GitHubException.Transient(text + " (rate limited until " + limitedUntil.get() + ")", status, limitedUntil.get(), null);
        }
        if (status >= 500 || status == 408) {
            return new GitHubException.Transient(text, status, retryAfter.orElse(null), null);
        }
        return new GitHubException.Terminal(text, status);
    }

    /** The instant a {@code Retry-After} header (in seconds) points at. */
    protected Optional<Instant> retryAfter(HttpHeaders headers) {
        return headers.firstValue("retry-after").flatMap(RestClient::number).map(clock.instant()::plusSeconds);
    }

    /** The answer's body and headers. */
    protected record Answer(JsonNode body, HttpHeaders headers) {}

    protected List<JsonNode> getAllPages(String path) {
        List<JsonNode> items = new ArrayList<>();
        URI next = resolve(path);
        for (int page = 0; next != null && page < MAX_PAGES; page++) {
            Answer answer = exchange("GET", next, null);
            answer.body().forEach(items::add);
            next = nextPage(answer.headers()).orElse(null);
        }
        return items;
    }

    /** Every page of {@code path}, each item read by {@code item}. */
    protected <T> List<T> pages(String path, Function<JsonNode, T> item) {
        return getAllPages(path).stream().map(item).toList();
    }

    /**
     * Every page of {@code path}, keeping the pull requests whose base branch ({@code baseOf}) is
     * {@code base} — checked here even when the host filtered, so no answer can widen the list.
     */
    protected <T> List<T> pagesInto(String base, String path, Function<JsonNode, String> baseOf, Function<JsonNode, T> item) {
        return getAllPages(path).stream().filter(node -> base.equals(baseOf.apply(node))).map(item).toList();
    }

    /** The details of a commit status every host takes under the same names: its link and description. */
    protected static ObjectNode withDetails(ObjectNode body, CommitStatus status) {
        if (status.targetUrl() != null) {
            body.put("target_url", status.targetUrl());
        }
        if (status.description() != null) {
            body.put("description", status.description());
        }
        return body;
    }

    /** A pull request as GitHub lists it (Gitea copies the shape): its number and head. */
    protected static PullRequest pullRequest(JsonNode node) {
        return new PullRequest(node.path("number").asInt(), node.path("head").path("sha").asText());
    }

    /** A comment as GitHub answers it (Gitea copies the shape). */
    protected static IssueComment issueComment(JsonNode node) {
        return new IssueComment(node.path("id").asLong(), node.path("body").asText(""), node.path("html_url").asText(null));
    }

    /** The names of a pull request's labels, each an object with a {@code name} (GitHub's and Gitea's shape). */
    protected static java.util.Set<String> labelNames(JsonNode node) {
        java.util.Set<String> labels = new java.util.HashSet<>();
        node.path("labels").forEach(label -> labels.add(label.path("name").asText("")));
        return labels;
    }

    private static Optional<URI> nextPage(HttpHeaders headers) {
        return headers.firstValue("link").map(NEXT_LINK::matcher).filter(Matcher::find).map(m -> URI.create(m.group(1)));
    }

    protected Answer send(String method, String path, JsonNode body) {
        return exchange(method, resolve(path), body);
    }

    private URI resolve(String path) {
        return URI.create(apiUrl + path);
    }

    protected Answer exchange(String method, URI uri, JsonNode body) {
        String what = method + " " + uri.getRawPath();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "rambla");
        authorize(request);
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
            throw new GitHubException.Transient(name + " " + what + " timed out after " + timeout, 0, null, null);
        } catch (IOException e) {
            throw new GitHubException.Transient(name + " " + what + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + mask(e.getMessage())), 0, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException.Transient(name + " " + what + " interrupted", 0, null, null);
        }
        int status = response.statusCode();
        LOG.debug("{} {} answered {}", name, what, status);
        if (status >= 200 && status < 300) {
            return new Answer(parse(response.body()), response.headers());
        }
        throw classify(what, status, response.headers(), message(response.body()));
    }

    protected static Optional<Long> number(String value) {
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
            throw new GitHubException.Transient(name + " answered with a body that is not JSON", 0, null, null);
        }
    }

    /** The host's own error text from the body's {@code message} (GitLab: also {@code error}), cut short; the raw body otherwise. */
    private String message(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text;
        try {
            JsonNode node = json.readTree(body);
            JsonNode message = node.path("message");
            text = message.isMissingNode() ? node.path("error").asText("") : message.isValueNode() ? message.asText("") : message.toString();
        } catch (IOException e) {
            text = new String(body, StandardCharsets.UTF_8);
        }
        text = mask(text).strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private String mask(String text) {
        return text.replace(token.reveal(), Secret.MASK);
    }
}
