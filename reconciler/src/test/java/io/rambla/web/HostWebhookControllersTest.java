package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.rambla.status.github.PullRequestPlanner;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@code /webhooks/gitlab} and {@code /webhooks/gitea} over HTTP: they exist only for the chosen
 * host, and the header filter refuses what cannot be valid before the controller runs. No
 * repository is followed and no token given, so nothing syncs or calls a host.
 */
class HostWebhookControllersTest {

    private static final String HEAD = "c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
    private static final String BEFORE = "95790bf891e76fee5e1747ab589903a6a1f80f22";

    /** Replaces the scheduler-backed trigger (absent here) and the logging planner. */
    @Singleton
    @Requires(property = "spec.name", value = "HostWebhookControllersTest")
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

        @Override
        public void pullRequestLabelsChanged(int number) {
            inner.pullRequestLabelsChanged(number);
        }
    }

    private static EmbeddedServer server(String kind) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "spec.name", "HostWebhookControllersTest",
                "micronaut.server.port", -1,
                "rambla.git-host.kind", kind,
                "rambla.gitlab.webhook-secret", HostPayloads.SECRET,
                "rambla.gitlab.project", "acme/infra",
                "rambla.gitea.api-url", "https://git.acme.example/api/v1",
                "rambla.gitea.webhook-secret", HostPayloads.SECRET,
                "rambla.gitea.repository", "acme/infra",
                "rambla.github.webhook-max-bytes", 16_384));
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }

    private static HttpResponse<Map<String, String>> post(EmbeddedServer server, String path, byte[] body, UnaryOperator<MutableHttpRequest<byte[]>> headers) {
        try (HttpClient client = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
            MutableHttpRequest<byte[]> request = headers.apply(HttpRequest.POST(path, body).contentType(MediaType.APPLICATION_JSON_TYPE));
            return client.toBlocking().exchange(request, Argument.mapOf(String.class, String.class));
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<Map<String, String>> response = (HttpResponse<Map<String, String>>) e.getResponse();
            return response;
        }
    }

    private static String result(HttpResponse<Map<String, String>> response) {
        return response.getBody(Argument.mapOf(String.class, String.class)).map(m -> m.get("result")).orElse(null);
    }

    @Test
    void gitLabDeliveriesAreVerifiedOnTheirTokenAndTheOtherHostsEndpointDoesNotExist() {
        try (EmbeddedServer server = server("gitlab")) {
            Recorder recorder = server.getApplicationContext().getBean(Recorder.class);
            byte[] body = HostPayloads.gitLabPush("acme/infra", "refs/heads/main", BEFORE, HEAD);

            var good = post(server, "/webhooks/gitlab", body, r -> r.header("X-Gitlab-Event", "Push Hook")
                    .header("X-Gitlab-Event-UUID", UUID.randomUUID().toString()).header("X-Gitlab-Token", HostPayloads.SECRET));
            var forged = post(server, "/webhooks/gitlab", body, r -> r.header("X-Gitlab-Event", "Push Hook").header("X-Gitlab-Token", "guess"));
            var missing = post(server, "/webhooks/gitlab", body, r -> r.header("X-Gitlab-Event", "Push Hook"));
            byte[] big = new byte[20_000];
            java.util.Arrays.fill(big, (byte) ' ');
            var oversized = post(server, "/webhooks/gitlab", big, r -> r.header("X-Gitlab-Event", "Push Hook").header("X-Gitlab-Token", HostPayloads.SECRET));

            assertThat(List.of(good.code(), forged.code(), missing.code(), oversized.code())).containsExactly(202, 401, 401, 413);
            assertThat(result(missing)).isEqualTo("missing X-Gitlab-Token");
            assertThat(recorder.inner.syncs).containsExactly("push c7d8e9f to main");
            assertThat(post(server, "/webhooks/gitea", body, r -> r).code()).isEqualTo(404);
        }
    }

    @Test
    void giteaDeliveriesAreVerifiedOnTheirSignatureAndTheOtherHostsEndpointDoesNotExist() {
        try (EmbeddedServer server = server("gitea")) {
            Recorder recorder = server.getApplicationContext().getBean(Recorder.class);
            byte[] body = HostPayloads.giteaPullRequest("acme/infra", 4, "opened", HEAD);
            String signature = HostPayloads.giteaSignature(HostPayloads.SECRET, body);

            var good = post(server, "/webhooks/gitea", body, r -> r.header("X-Gitea-Event", "pull_request")
                    .header("X-Gitea-Delivery", UUID.randomUUID().toString()).header("X-Gitea-Signature", signature));
            var forged = post(server, "/webhooks/gitea", body, r -> r.header("X-Gitea-Event", "pull_request")
                    .header("X-Gitea-Delivery", UUID.randomUUID().toString())
                    .header("X-Gitea-Signature", HostPayloads.giteaSignature("guess", body)));
            var missing = post(server, "/webhooks/gitea", body, r -> r.header("X-Gitea-Event", "pull_request")
                    .header("X-Gitea-Delivery", UUID.randomUUID().toString()));
            byte[] big = new byte[20_000];
            java.util.Arrays.fill(big, (byte) ' ');
            var oversized = post(server, "/webhooks/gitea", big, r -> r.header("X-Gitea-Event", "push")
                    .header("X-Gitea-Delivery", UUID.randomUUID().toString()).header("X-Gitea-Signature", signature));

            assertThat(List.of(good.code(), forged.code(), missing.code(), oversized.code())).containsExactly(202, 401, 401, 413);
            assertThat(result(forged)).isEqualTo("signature does not match");
            assertThat(recorder.inner.plans).containsExactly("plan #4 " + HEAD);
            assertThat(post(server, "/webhooks/gitlab", body, r -> r).code()).isEqualTo(404);
        }
    }

    @Test
    void labelChangesOverHttpReachThePlannerOnEitherHost() {
        try (EmbeddedServer server = server("gitlab")) {
            Recorder recorder = server.getApplicationContext().getBean(Recorder.class);
            String json = new String(HostPayloads.gitLabMergeRequest("acme/infra", 7, "update", HEAD, null), java.nio.charset.StandardCharsets.UTF_8);
            byte[] body = ("{\"changes\": {\"labels\": {\"previous\": [], \"current\": [{\"id\": 207, \"title\": \"rambla/review-app\"}]}},"
                    + json.substring(1)).getBytes(java.nio.charset.StandardCharsets.UTF_8);

            var answer = post(server, "/webhooks/gitlab", body, r -> r.header("X-Gitlab-Event", "Merge Request Hook")
                    .header("X-Gitlab-Event-UUID", UUID.randomUUID().toString()).header("X-Gitlab-Token", HostPayloads.SECRET));

            assertThat(answer.code()).isEqualTo(202);
            assertThat(result(answer)).isEqualTo("merge request !7 labels changed");
            assertThat(recorder.inner.plans).containsExactly("labels #7");
        }
        try (EmbeddedServer server = server("gitea")) {
            Recorder recorder = server.getApplicationContext().getBean(Recorder.class);
            byte[] body = HostPayloads.giteaPullRequest("acme/infra", 4, "label_updated", HEAD);

            var answer = post(server, "/webhooks/gitea", body, r -> r.header("X-Forgejo-Event", "pull_request")
                    .header("X-Forgejo-Event-Type", "pull_request_label")
                    .header("X-Forgejo-Delivery", UUID.randomUUID().toString())
                    .header("X-Forgejo-Signature", HostPayloads.giteaSignature(HostPayloads.SECRET, body)));

            assertThat(answer.code()).isEqualTo(202);
            assertThat(result(answer)).isEqualTo("pull request #4 label_updated");
            assertThat(recorder.inner.plans).containsExactly("labels #4");
        }
    }
}
