package io.rambla.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WireMock stand-in for api.github.com with the shapes GitHub documents for the calls a
 * pull-request plan makes: list the pull request's comments ({@code GET .../issues/N/comments},
 * none yet), post the plan comment ({@code POST .../issues/N/comments}, 201 with {@code id} and
 * {@code html_url}), set commit statuses ({@code POST .../statuses/SHA}, 201) and list the open
 * pull requests (none: the bench delivers webhooks, the poller is not what it times). Records when
 * each comment and status arrived, so the bench times up to the last one.
 */
final class BenchGitHub implements AutoCloseable {

    static final String REPOSITORY = "bench/infra";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the git host was sent, with the {@link System#nanoTime()} it arrived at. */
    record Received(long nanos, String path, JsonNode body) {}

    private final WireMockServer server = new WireMockServer(options().dynamicPort().containerThreads(16));
    private final List<Received> comments = new CopyOnWriteArrayList<>();
    /** Statuses by commit, in the order they arrived. */
    private final Map<String, List<Received>> statuses = new ConcurrentHashMap<>();

    BenchGitHub() {
        server.start();
        String repo = "/repos/" + REPOSITORY;
        server.stubFor(get(urlPathMatching(repo + "/issues/\\d+/comments")).willReturn(okJson("[]")));
        server.stubFor(post(urlPathMatching(repo + "/issues/(\\d+)/comments")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 1, \"body\": \"\", \"html_url\": \"https://github.com/" + REPOSITORY + "/pull/1#issuecomment-1\"}")));
        server.stubFor(post(urlPathMatching(repo + "/statuses/[0-9a-f]{40}")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        server.stubFor(get(urlPathMatching(repo + "/pulls")).willReturn(okJson("[]")));
        server.addMockServiceRequestListener((request, response) -> {
            long now = System.nanoTime();
            String path = request.getUrl().replaceFirst("\\?.*", "");
            if (!"POST".equals(request.getMethod().getName())) {
                return;
            }
            JsonNode body = parse(request.getBodyAsString());
            if (path.matches(repo + "/issues/\\d+/comments")) {
                comments.add(new Received(now, path, body));
            } else if (path.startsWith(repo + "/statuses/")) {
                String sha = path.substring((repo + "/statuses/").length());
                statuses.computeIfAbsent(sha, s -> new CopyOnWriteArrayList<>()).add(new Received(now, path, body));
            }
        });
    }

    /** The context of the plan's own status ({@code rambla/plan}). */
    static final String PLAN_CONTEXT = io.rambla.status.github.PullRequestCommenter.PLAN_CONTEXT;

    /**
     * Whether a head's statuses, in arrival order, are final: the plan's status is among them and
     * the last status of every context is not {@code pending}. Pure.
     */
    static boolean settled(List<Received> statuses) {
        Map<String, String> last = new java.util.HashMap<>();
        for (Received status : statuses) {
            String context = status.body().path("context").asText("");
            last.put(context, status.body().path("state").asText(""));
        }
        return last.containsKey(PLAN_CONTEXT)
                && last.values().stream().allMatch(state -> !state.isEmpty() && !state.equals("pending"));
    }

    /** The body of the last status of {@code context}; a missing node when there is none. */
    static JsonNode last(List<Received> statuses, String context) {
        JsonNode found = JSON.missingNode();
        for (Received status : statuses) {
            if (status.body().path("context").asText("").equals(context)) {
                found = status.body();
            }
        }
        return found;
    }

    String url() {
        return server.baseUrl();
    }

    /** The comments posted on pull request {@code number}, in order. */
    List<Received> comments(int number) {
        String path = "/repos/" + REPOSITORY + "/issues/" + number + "/comments";
        return comments.stream().filter(c -> c.path().equals(path)).toList();
    }

    /** The statuses set on {@code sha}, in the order they arrived. */
    List<Received> statuses(String sha) {
        return List.copyOf(statuses.getOrDefault(sha, List.of()));
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text == null || text.isEmpty() ? "{}" : text);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
