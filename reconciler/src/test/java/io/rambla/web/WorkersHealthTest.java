package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.rambla.supervise.Workers;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** {@code /health} and {@code /health/liveness} follow the daemon's workers: DOWN while one is dead. */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
class WorkersHealthTest {

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    Workers workers;

    private HttpResponse<String> get(String path) {
        try {
            return http.toBlocking().exchange(HttpRequest.GET(path), String.class);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> response = (HttpResponse<String>) e.getResponse();
            return response;
        }
    }

    @Test
    void health_is_down_while_a_worker_is_dead_and_up_again_once_it_runs() {
        workers.runJob("rambla-pr-poller", () -> {});
        assertThat(get("/health").code()).isEqualTo(200);

        workers.runJob("rambla-pr-poller", () -> {
            throw new StackOverflowError();
        });
        for (String path : new String[] {"/health", "/health/liveness"}) {
            HttpResponse<String> down = get(path);
            assertThat(down.code()).as(path).isEqualTo(503);
            assertThat(down.getBody(String.class).orElse("")).as(path)
                    .contains("rambla-pr-poller", "DOWN", "java.lang.StackOverflowError");
        }

        workers.runJob("rambla-pr-poller", () -> {});
        assertThat(get("/health").code()).isEqualTo(200);
        assertThat(get("/health/liveness").code()).isEqualTo(200);
    }
}
