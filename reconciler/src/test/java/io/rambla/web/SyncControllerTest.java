package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
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
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/sync} with a token configured; the sync trigger records instead of syncing. */
@MicronautTest
@Property(name = "spec.name", value = "SyncControllerTest")
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "rambla.api.token", value = SyncControllerTest.TOKEN)
class SyncControllerTest {

    static final String TOKEN = "s3cr3t-operator-token";

    @Singleton
    @Requires(property = "spec.name", value = "SyncControllerTest")
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

    @BeforeEach
    void clear() {
        recorder.reasons.clear();
    }

    static HttpResponse<Map<String, String>> exchange(HttpClient http, MutableHttpRequest<?> request) {
        try {
            return http.toBlocking().exchange(request, Argument.mapOf(String.class, String.class));
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<Map<String, String>> response = (HttpResponse<Map<String, String>>) e.getResponse();
            return response;
        }
    }

    static String result(HttpResponse<Map<String, String>> response) {
        return response.getBody(Argument.mapOf(String.class, String.class)).orElseThrow().get("result");
    }

    @Test
    void the_right_token_requests_a_sync_with_the_reason_given() {
        var response = exchange(http, HttpRequest.POST("/api/sync?reason=rotated%20the%20cert", "").bearerAuth(TOKEN));

        assertThat(response.code()).isEqualTo(202);
        assertThat(result(response)).isEqualTo("sync requested");
        assertThat(recorder.reasons).containsExactly("API request: rotated the cert");
    }

    @Test
    void a_wrong_token_is_401_and_syncs_nothing() {
        var response = exchange(http, HttpRequest.POST("/api/sync", "").bearerAuth("guess"));

        assertThat(response.code()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(recorder.reasons).isEmpty();
    }

    @Test
    void no_token_at_all_is_401() {
        var response = exchange(http, HttpRequest.POST("/api/sync", ""));

        assertThat(response.code()).isEqualTo(401);
        assertThat(result(response)).contains("Authorization: Bearer");
        assertThat(recorder.reasons).isEmpty();
    }
}
