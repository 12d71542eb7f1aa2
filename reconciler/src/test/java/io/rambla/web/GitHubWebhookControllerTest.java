package io.rambla.web;

import static io.rambla.web.Payloads.load;
import static io.rambla.web.Payloads.sign;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.rambla.status.github.CommitStatusReporter;
import io.rambla.status.github.PullRequestPlanner;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook endpoint over HTTP, in a context with only a webhook secret: no repository is
 * followed ({@code rambla.git.url} unset) and no token is given, so nothing syncs or calls GitHub.
 */
@MicronautTest
@Property(name = "spec.name", value = "GitHubWebhookControllerTest")
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "rambla.github.webhook-secret", value = Payloads.SECRET)
@Property(name = "rambla.github.repository", value = "acme/infra")
@Property(name = "rambla.github.webhook-max-bytes", value = "16384")
@Property(name = "rambla.git.branch", value = "main")
class GitHubWebhookControllerTest {

    /** Replaces the scheduler-backed trigger (absent here) and the logging planner. */
    @Singleton
    @Requires(property = "spec.name", value = "GitHubWebhookControllerTest")
    static class Recorder implements SyncTrigger, PullRequestPlanner {
        final RecordingSyncTrigger inner = new RecordingSyncTrigger();

        @Override
        public void requestSync(String reason) {
            inner.requestSync(reason);
        }

        @Override
        public void planPullRequest(int number, String headSha) {
            inner.planPullRequest(number, headSha);
        }

        @Override
        public void pullRequestClosed(int number) {
            inner.pullRequestClosed(number);
        }
    }

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    Recorder recorder;

    @Inject
    ApplicationContext context;

    @BeforeEach
    void clear() {
        recorder.inner.clear();
    }

    private HttpResponse<Map<String, String>> post(String event, String delivery, String signature, byte[] body) {
        var request = HttpRequest.POST("/webhooks/github", body)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .header("User-Agent", "GitHub-Hookshot/8c7d2e1");
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        try {
            return http.toBlocking().exchange(request, Argument.mapOf(String.class, String.class));
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<Map<String, String>> response = (HttpResponse<Map<String, String>>) e.getResponse();
            return response;
        }
    }

    private static Map<String, String> body(HttpResponse<Map<String, String>> response) {
        return response.getBody(Argument.mapOf(String.class, String.class)).orElseThrow();
    }

    @Test
    void aSignedPushToTheTrackedBranchTriggersASync() {
        byte[] body = load("push-main.json");
        var response = post("push", "5a0b3f10-b8c2-11f0-8a1e-3c2a6d1c4e01", sign(body), body);

        assertThat(response.code()).isEqualTo(202);
        assertThat(body(response)).containsEntry("result", "sync requested");
        assertThat(recorder.inner.syncs).containsExactly("push 4f2c9e1 to main");
    }

    @Test
    void aPullRequestOpenedIsHandedToThePlanner() {
        byte[] body = load("pull_request-opened.json");
        var response = post("pull_request", "6b1c4021-b8c2-11f0-8a1e-3c2a6d1c4e01", sign(body), body);

        assertThat(response.code()).isEqualTo(202);
        assertThat(recorder.inner.plans).containsExactly("plan #42 c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6");
    }

    @Test
    void aWrongOrMissingSignatureIsUnauthorized() {
        byte[] body = load("push-main.json");
        assertThat(post("push", "7c2d5132-b8c2-11f0-8a1e-3c2a6d1c4e01", sign("guess", body), body).code()).isEqualTo(401);
        var missing = post("push", "8d3e6243-b8c2-11f0-8a1e-3c2a6d1c4e01", null, body);
        assertThat(missing.code()).isEqualTo(401);
        assertThat(body(missing)).containsEntry("result", "missing X-Hub-Signature-256");
        assertThat(recorder.inner.syncs).isEmpty();
    }

    @Test
    void anOversizedBodyIsRefused() {
        byte[] body = new byte[20_000];
        java.util.Arrays.fill(body, (byte) ' ');
        var response = post("push", "9e4f7354-b8c2-11f0-8a1e-3c2a6d1c4e01", sign(body), body);

        assertThat(response.code()).isEqualTo(413);
        assertThat(recorder.inner.syncs).isEmpty();
    }

    @Test
    void aPingIsAnsweredAndARedeliveryIsIgnored() {
        byte[] body = load("ping.json");
        var first = post("ping", "af508465-b8c2-11f0-8a1e-3c2a6d1c4e01", sign(body), body);
        var again = post("ping", "af508465-b8c2-11f0-8a1e-3c2a6d1c4e01", sign(body), body);

        assertThat(first.code()).isEqualTo(200);
        assertThat(body(first)).containsEntry("result", "pong");
        assertThat(again.code()).isEqualTo(200);
        assertThat(body(again)).containsEntry("result", "duplicate delivery ignored");
    }

    @Test
    void withoutATokenNothingTalksToGitHub() {
        assertThat(context.containsBean(CommitStatusReporter.class)).isFalse();
    }
}
