package io.rambla.web;

import static io.rambla.web.SyncControllerTest.exchange;
import static io.rambla.web.SyncControllerTest.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.rambla.status.PausedUnits;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pause and resume through the API, behind the operator token; the sync trigger records instead of syncing. */
@MicronautTest
@Property(name = "spec.name", value = "PauseControllerTest")
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "rambla.api.token", value = PauseControllerTest.TOKEN)
class PauseControllerTest {

    static final String TOKEN = "0perator-t0ken";

    @Singleton
    @Requires(property = "spec.name", value = "PauseControllerTest")
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

    @Inject
    PausedUnits paused;

    @Inject
    UnitStatusStore statuses;

    @BeforeEach
    void seed() {
        recorder.reasons.clear();
        paused.all().keySet().forEach(paused::resume);
        statuses.track("app/shop/production", "app", "rambla-app-shop-production");
        statuses.record("app/shop/production", UnitState.APPLIED, "aaa", "aaa", "up to date");
    }

    @Test
    void anOperatorPausesAndResumesAUnitAndEachAsksForASync() {
        var pause = exchange(http, HttpRequest.POST("/api/pause/app/shop/production?reason=db%20migration", "").bearerAuth(TOKEN));

        assertThat(pause.code()).isEqualTo(200);
        assertThat(result(pause)).isEqualTo("app/shop/production paused");
        assertThat(paused.get("app/shop/production")).hasValueSatisfying(p -> assertThat(p.reason()).isEqualTo("db migration"));
        assertThat(http.toBlocking().retrieve("/api/pause")).contains("\"unit\":\"app/shop/production\"", "db migration");
        assertThat(result(exchange(http, HttpRequest.POST("/api/pause/app/shop/production", "").bearerAuth(TOKEN))))
                .isEqualTo("app/shop/production was already paused");

        var resume = exchange(http, HttpRequest.DELETE("/api/pause/app/shop/production").bearerAuth(TOKEN));

        assertThat(resume.code()).isEqualTo(200);
        assertThat(paused.get("app/shop/production")).isEmpty();
        assertThat(recorder.reasons).containsExactly("pause of app/shop/production", "resume of app/shop/production");
    }

    @Test
    void withoutTheTokenNothingIsPausedOrResumed() {
        assertThat(exchange(http, HttpRequest.POST("/api/pause/app/shop/production", "")).code()).isEqualTo(401);
        assertThat(exchange(http, HttpRequest.POST("/api/pause/app/shop/production", "").bearerAuth("guess")).code()).isEqualTo(401);
        paused.pause("app/shop/production", null, java.time.Instant.now());
        assertThat(exchange(http, HttpRequest.DELETE("/api/pause/app/shop/production").bearerAuth("guess")).code()).isEqualTo(401);

        assertThat(paused.get("app/shop/production")).isPresent();
        assertThat(recorder.reasons).isEmpty();
    }

    @Test
    void unknownUnitsAreNotFoundAndHostileIdsAreNotEchoedRaw() {
        var unknown = exchange(http, HttpRequest.POST("/api/pause/app/%3Cscript%3E%0Aevil/x", "").bearerAuth(TOKEN));

        assertThat(unknown.code()).isEqualTo(404);
        assertThat(result(unknown)).doesNotContain("\n");
        assertThat(paused.all()).isEmpty();
        assertThat(exchange(http, HttpRequest.DELETE("/api/pause/app/nope/x").bearerAuth(TOKEN)).code()).isEqualTo(404);
    }

    @Test
    void aRetryNeedsTheOperatorTokenAndARepositoryToFollow() {
        assertThat(exchange(http, HttpRequest.POST("/api/retry/app/shop/production", "")).code()).isEqualTo(401);
        assertThat(exchange(http, HttpRequest.POST("/api/retry/app/shop/production", "").bearerAuth("guess")).code()).isEqualTo(401);
        // This test daemon follows no repository: there is no sync to retry in.
        var noRepository = exchange(http, HttpRequest.POST("/api/retry/app/shop/production", "").bearerAuth(TOKEN));
        assertThat(noRepository.code()).isEqualTo(503);
        assertThat(recorder.reasons).isEmpty();
    }
}
