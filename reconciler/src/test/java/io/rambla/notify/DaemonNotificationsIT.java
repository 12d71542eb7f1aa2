package io.rambla.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The daemon as deployed, with its Slack given only through configuration
 * ({@code rambla.notifications.slack-webhook-url}): its first sync on the emulator fails a district,
 * and Slack hears of it with a link to the unit's page on {@code rambla.github.public-url}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonNotificationsIT implements TestPropertyProvider {

    private final WireMockServer slack = new WireMockServer(options().dynamicPort());
    private final String bad = Emulator.uniqueName("daemon-nat");
    private GitFixture git;

    @Inject
    NotificationOutbox outbox;

    @Override
    public Map<String, String> getProperties() {
        slack.start();
        slack.stubFor(post(urlEqualTo("/services/T0/B0/daemon")).willReturn(aResponse().withStatus(200)));
        Path temp;
        try {
            temp = Files.createTempDirectory("rambla-notify-it");
            git = GitFixture.create(temp, "main");
            git.commitAndPush("a district with a NAT gateway", Map.of(
                    "rambla.yml", "stack_prefix: it\n",
                    // The pinned emulator cannot allocate Elastic IPs: this district fails to create.
                    "districts/" + bad + ".yml", "region: us-east-1\nnat_type: managed_gateway\ncidr_block: 10.73.0.0/16\n"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        var aws = Emulator.config();
        return Map.of(
                "rambla.git.url", git.url(),
                "rambla.git.poll-interval", "1h",
                "rambla.git.workdir", temp.resolve("checkout").toString(),
                "rambla.aws.endpoint", aws.endpoint(),
                "rambla.aws.region", aws.region(),
                "rambla.github.public-url", "https://rambla.acme.example",
                "rambla.notifications.slack-webhook-url", slack.baseUrl() + "/services/T0/B0/daemon",
                "micronaut.server.port", "-1");
    }

    @AfterAll
    void close() {
        git.close();
        slack.stop();
    }

    @Test
    void the_daemons_own_slack_hears_of_a_failing_unit() throws Exception {
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> outbox.delivered() >= 1);
        var requests = slack.findAll(postRequestedFor(urlEqualTo("/services/T0/B0/daemon")));
        assertThat(requests).hasSize(1);
        var message = new ObjectMapper().readTree(requests.get(0).getBodyAsString());
        assertThat(message.path("blocks").get(0).path("text").path("text").asText()).isEqualTo("Failed: district/" + bad);
        assertThat(message.toString()).contains("https://rambla.acme.example/units/district/" + bad).contains("InvalidAllocationID.NotFound");
    }
}
