package io.rambla.status.github;

import io.rambla.githost.github.GitHubClient;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.rambla.retry.Backoff;
import io.rambla.secret.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** A WireMock stand-in for api.github.com, and the helpers tests share to read what it was sent. */
public final class FakeGitHub implements AutoCloseable {

    static final String REPOSITORY = "acme/infra";
    public static final String TOKEN = "ghp_TestTokenThatMustNeverBeLogged0123456789";
    public static final String SHA = "4f2c9e1a7b3d5c8e0f1a2b3c4d5e6f708192a3b4";
    static final String PUBLIC_URL = "https://rambla.acme.example";

    /** Fast retries so tests that exercise them finish in milliseconds. */
    public static final RetryPolicy FAST_RETRY = new RetryPolicy(4, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0), Duration.ofSeconds(5));

    private static final ObjectMapper JSON = new ObjectMapper();

    public final WireMockServer server = new WireMockServer(options().dynamicPort());

    public FakeGitHub() {
        server.start();
    }

    public GitHubClient client() {
        return new GitHubClient(URI.create(server.baseUrl()), REPOSITORY, Secret.of(TOKEN), Duration.ofSeconds(5));
    }

    GitHubOutbox outbox() {
        return new GitHubOutbox(client(), FAST_RETRY, 100, Duration.ofSeconds(5));
    }

    /** Status requests in the order GitHub received them. */
    List<LoggedRequest> statusRequests() {
        return server.findAll(postRequestedFor(urlPathMatching("/repos/acme/infra/statuses/.*")));
    }

    /** Each status request as {@code context state: description}, in order. */
    List<String> statusLines() {
        return statusRequests().stream().map(r -> {
            JsonNode body = json(r.getBodyAsString());
            return body.path("context").asText() + " " + body.path("state").asText() + ": " + body.path("description").asText();
        }).toList();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
