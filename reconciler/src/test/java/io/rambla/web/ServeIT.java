package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The daemon as an operator runs it: configured by properties, syncing at start (the poll
 * interval is an hour, so nothing else could have applied the district), answering on its API.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeIT implements TestPropertyProvider {

    private Path temp;
    private GitFixture git;
    private final String district = Emulator.uniqueName("serve");

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        try {
            temp = Files.createTempDirectory("rambla-serve-it");
            git = GitFixture.create(temp, "main");
            git.commitAndPush("add district", Map.of(
                "rambla.yml", "stack_prefix: it\n","districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.50.0.0/16\n"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        var aws = Emulator.config();
        return Map.of(
                "rambla.github.webhook-secret", Payloads.SECRET,
                "rambla.github.repository", "acme/infra",
                "rambla.git.url", git.url(),
                "rambla.git.poll-interval", "1h",
                "rambla.git.workdir", temp.resolve("checkout").toString(),
                "rambla.aws.endpoint", aws.endpoint(),
                "rambla.aws.region", aws.region(),
                "micronaut.server.port", "-1");
    }

    @AfterAll
    void closeRepository() {
        git.close();
    }

    @Test
    void theFirstSyncRunsAtStartAndTheUnitsApiShowsTheAppliedDistrict() {
        String id = "district/" + district;
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<Map<String, Object>> units = http.toBlocking().retrieve(HttpRequest.GET("/api/units"),
                    Argument.listOf(Argument.mapOf(String.class, Object.class)));
            assertThat(units).filteredOn(u -> id.equals(u.get("id"))).singleElement().satisfies(u -> {
                assertThat(u).containsEntry("kind", "district")
                        .containsEntry("stack", "it-district-" + district)
                        .containsEntry("state", "APPLIED")
                        .containsKeys("lastAttemptedRevision", "lastAppliedRevision");
            });
        });

        Map<String, Object> one = http.toBlocking().retrieve(HttpRequest.GET("/api/units/" + id), Argument.mapOf(String.class, Object.class));
        assertThat(one).containsEntry("id", id).containsEntry("state", "APPLIED");
        assertThat(one.get("lastAppliedRevision")).isEqualTo(one.get("lastAttemptedRevision"));
    }

    @Test
    void aSignedPushWebhookSyncsAtOnceThoughThePollIntervalIsAnHour() throws Exception {
        String id = "district/" + district;
        String pushed = git.commitAndPush("widen the district", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.51.0.0/16\n"));
        byte[] body = Payloads.load("push-main.json");

        var answer = http.toBlocking().exchange(HttpRequest.POST("/webhooks/github", body)
                .contentType("application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", java.util.UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Payloads.sign(body)), String.class);

        assertThat(answer.getStatus().getCode()).isBetween(200, 202);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Map<String, Object> unit = http.toBlocking().retrieve(HttpRequest.GET("/api/units/" + id), Argument.mapOf(String.class, Object.class));
            assertThat(unit).containsEntry("lastAppliedRevision", pushed).containsEntry("state", "APPLIED");
        });
    }

    @Test
    void anUnknownUnitIsNotFound() {
        var response = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> http.toBlocking().retrieve(HttpRequest.GET("/api/units/district/nowhere")),
                HttpClientResponseException.class);
        assertThat(response.getStatus().getCode()).isEqualTo(404);
    }

    @Test
    void healthAnswersWhenTheDaemonIsUp() {
        Map<String, Object> health = http.toBlocking().retrieve(HttpRequest.GET("/health"), Argument.mapOf(String.class, Object.class));
        assertThat(health).containsEntry("status", "UP");
    }
}
