package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** A daemon without {@code rambla.api.token} and without a repository: the sync API is off, health answers. */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
class SyncControllerWithoutTokenTest {

    @Inject
    @Client("/")
    HttpClient http;

    @Test
    void without_a_configured_token_the_sync_api_is_403_and_says_how_to_enable_it() {
        var response = SyncControllerTest.exchange(http, HttpRequest.POST("/api/sync", "").bearerAuth("anything"));

        assertThat(response.code()).isEqualTo(403);
        assertThat(SyncControllerTest.result(response)).contains("rambla.api.token");
    }

    @Test
    void without_a_configured_token_one_off_runs_are_403_too() {
        var response = SyncControllerTest.exchange(http, HttpRequest.POST("/api/units/app/shop/production/run", "{\"command\": [\"true\"]}")
                .contentType(io.micronaut.http.MediaType.APPLICATION_JSON_TYPE).bearerAuth("anything"));

        assertThat(response.code()).isEqualTo(403);
        assertThat(SyncControllerTest.result(response))
                .isEqualTo("POST /api/units/<id>/run is disabled: set rambla.api.token (RAMBLA_API_TOKEN) to enable it");
    }

    @Test
    void liveness_and_readiness_are_up_when_no_repository_is_followed() {
        for (String path : new String[] {"/health/liveness", "/health/readiness"}) {
            var response = http.toBlocking().exchange(HttpRequest.GET(path), String.class);
            assertThat(response.code()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).contains("\"UP\"");
        }
    }
}
