package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A daemon with a read token and an operator token: what each address demands. */
@MicronautTest
@Property(name = "spec.name", value = "ReadAccessTest")
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "rambla.api.token", value = ReadAccessTest.OPERATOR)
@Property(name = "rambla.api.read-token", value = ReadAccessTest.READER)
@Property(name = "rambla.github.webhook-secret", value = Payloads.SECRET)
class ReadAccessTest {

    static final String OPERATOR = "operator-7f1c";
    static final String READER = "reader-93ab";

    @Singleton
    @Requires(property = "spec.name", value = "ReadAccessTest")
    static class Recorder implements SyncTrigger {
        final List<String> reasons = new CopyOnWriteArrayList<>();

        @Override
        public void requestSync(String reason) {
            reasons.add(reason);
        }
    }

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    Recorder recorder;

    private HttpResponse<String> exchange(MutableHttpRequest<?> request) {
        try {
            return http.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> response = (HttpResponse<String>) e.getResponse();
            return response;
        }
    }

    private static final List<String> READ_ADDRESSES = List.of("/", "/units/district/main", "/api/units", "/api/units/district/main",
            "/api/cluster", "/prometheus", "/no-such-page", "/health/../api/units", "/webhooks/github/../../api/units",
            "/api/sync/../units", "/health/x/../../prometheus", "//api/units", "/API/units");

    @Test
    void the_status_page_the_api_and_metrics_need_a_token_and_say_how_to_give_it() {
        for (String path : READ_ADDRESSES) {
            HttpResponse<String> response = exchange(HttpRequest.GET(path));
            assertThat(response.code()).as(path).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).as(path).startsWith("Basic realm=\"rambla\"");
            assertThat(exchange(HttpRequest.GET(path).bearerAuth("wrong")).code()).as(path).isEqualTo(401);
        }
    }

    @Test
    void the_read_token_and_the_operator_token_both_read_as_bearer_or_as_a_browsers_basic_password() {
        for (String path : List.of("/", "/api/units", "/prometheus")) {
            assertThat(exchange(HttpRequest.GET(path).bearerAuth(READER)).code()).as(path).isEqualTo(200);
            assertThat(exchange(HttpRequest.GET(path).bearerAuth(OPERATOR)).code()).as(path).isEqualTo(200);
            assertThat(exchange(HttpRequest.GET(path).basicAuth("me", READER)).code()).as(path).isEqualTo(200);
        }
        assertThat(exchange(HttpRequest.GET("/api/units/district/none").bearerAuth(READER)).code()).isEqualTo(404);
    }

    @Test
    void health_stays_open_for_probes_and_webhooks_keep_their_own_signature_check() {
        assertThat(exchange(HttpRequest.GET("/health")).code()).isEqualTo(200);
        assertThat(exchange(HttpRequest.GET("/health/liveness")).code()).isEqualTo(200);
        HttpResponse<String> webhook = exchange(HttpRequest.POST("/webhooks/github", "{}").header("X-GitHub-Event", "ping")
                .header("X-GitHub-Delivery", "d1").contentType("application/json"));
        assertThat(webhook.code()).isEqualTo(401);
        assertThat(webhook.body()).contains("missing X-Hub-Signature-256");
    }

    @Test
    void only_the_operator_token_operates_the_read_token_does_not() {
        assertThat(exchange(HttpRequest.POST("/api/sync", "").bearerAuth(READER)).code()).isEqualTo(401);
        assertThat(exchange(HttpRequest.POST("/api/sync", "").basicAuth("me", READER)).code()).isEqualTo(401);
        assertThat(recorder.reasons).isEmpty();
        assertThat(exchange(HttpRequest.POST("/api/sync", "").bearerAuth(OPERATOR)).code()).isEqualTo(202);
        assertThat(recorder.reasons).hasSize(1);
    }
}
