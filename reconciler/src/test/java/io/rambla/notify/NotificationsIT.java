package io.rambla.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.apply.StackApplier;
import io.rambla.reconcile.Reconciler;
import io.rambla.reconcile.SyncSettings;
import io.rambla.retry.Backoff;
import io.rambla.retry.Sleeper;
import io.rambla.secret.Secret;
import io.rambla.source.JGitSource;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.supervise.Workers;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A district whose file names its Slack and JSON webhook through SSM parameters, reconciled on the
 * emulator: its failure is told while the sync goes on without waiting for a slow Slack, and the
 * commit that fixes it is told as a recovery, to both targets, each once.
 */
class NotificationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final WireMockServer receivers = new WireMockServer(options().dynamicPort());
    private GitFixture git;
    private CloudFormationClient cloudFormation;
    private SsmClient ssm;
    private NotificationOutbox outbox;
    private Reconciler reconciler;
    private String district;
    private String prefix;

    @BeforeEach
    void setUp() throws Exception {
        Emulator.requireRunning();
        receivers.start();
        // Slack answers each message only after 8 s.
        receivers.stubFor(post(urlEqualTo("/services/T0/B0/it")).willReturn(aResponse().withStatus(200).withFixedDelay(8_000)));
        receivers.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        district = Emulator.uniqueName("notify");
        prefix = "it";
        git = GitFixture.create(temp, "main");
        AwsCallCounter calls = new AwsCallCounter();
        cloudFormation = Emulator.cloudFormation(calls);
        ssm = AwsClientFactory.ssm(Emulator.config(), calls);
        put("/barcelona/" + district + "/slack", receivers.baseUrl() + "/services/T0/B0/it");
        put("/barcelona/" + district + "/hook", receivers.baseUrl() + "/hook");
        put("/barcelona/" + district + "/hook-key", "it-signing-key");

        outbox = new NotificationOutbox(Sender.http(Duration.ofSeconds(30)), new DeliveryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2)),
                100, Duration.ZERO, Clock.systemUTC(), new Workers());
        SecretLookup secrets = new SsmSecretLookup(region -> ssm, Emulator.REGION, Duration.ofMinutes(5), Clock.systemUTC());
        Notifier notifier = new Notifier(outbox, List.of(), d -> Notifier.targetsOf(d, secrets), "https://rambla.example.com", Clock.systemUTC());
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
        var applier = new StackApplier(new AwsCloudFormationStacks(cloudFormation, backoff), backoff, Duration.ofMinutes(5));
        reconciler = new Reconciler(new JGitSource(git.url(), "main", temp.resolve("checkout")), applier, new UnitStatusStore(),
                List.of(notifier), SyncSettings.defaults(), Clock.systemUTC(), Sleeper.THREAD);
    }

    private void put(String name, String value) {
        ssm.putParameter(b -> b.name(name).value(value).type(ParameterType.SECURE_STRING).overwrite(true));
    }

    @AfterEach
    void tearDown() {
        outbox.close();
        try {
            cloudFormation.deleteStack(r -> r.stackName(prefix + "-district-" + district));
        } catch (RuntimeException e) {
            // best effort
        }
        cloudFormation.close();
        ssm.close();
        git.close();
        receivers.stop();
    }

    private String districtFile(String natType, String cidr) {
        return "region: us-east-1\nnat_type: " + natType + "\ncidr_block: " + cidr + "\n"
                + "notifications:\n"
                + "  slack_webhook_url_secret: /barcelona/" + district + "/slack\n"
                + "  webhook_url_secret: /barcelona/" + district + "/hook\n"
                + "  webhook_signing_secret: /barcelona/" + district + "/hook-key\n";
    }

    @Test
    void a_failing_unit_notifies_without_waiting_for_slack_and_the_fix_notifies_its_recovery() throws Exception {
        String unit = "district/" + district;
        // The pinned emulator cannot allocate Elastic IPs: a managed NAT gateway fails to create.
        String broken = git.commitAndPush("district with a NAT gateway", Map.of(
                "rambla.yml", "stack_prefix: " + prefix + "\n",
                "districts/" + district + ".yml", districtFile("managed_gateway", "10.71.0.0/16")));

        var failed = reconciler.sync();
        long syncEnded = System.currentTimeMillis();
        long deliveredWhenTheSyncEnded = outbox.delivered();

        assertThat(failed.units()).containsEntry(unit, UnitState.FAILED);
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.delivered() == 2);
        // Slack (queued first, answering each message 8 s after it arrives) had not answered when the sync ended,
        // and the one worker sends in order, so nothing had been delivered by then: the sync did not wait.
        assertThat(deliveredWhenTheSyncEnded).isZero();
        LoggedRequest firstToSlack = receivers.findAll(postRequestedFor(urlEqualTo("/services/T0/B0/it"))).get(0);
        assertThat(syncEnded).isLessThan(firstToSlack.getLoggedDate().getTime() + 8_000);

        String fixed = git.commitAndPush("no NAT gateway", Map.of("districts/" + district + ".yml", districtFile("none", "10.71.0.0/16")));
        var recovered = reconciler.sync();
        assertThat(recovered.units()).containsEntry(unit, UnitState.APPLIED);
        // The same commit again (a forced sync) is no news.
        reconciler.sync(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.delivered() == 4);

        List<LoggedRequest> slack = receivers.findAll(postRequestedFor(urlEqualTo("/services/T0/B0/it")));
        assertThat(slack).extracting(r -> header(r)).containsExactly("Failed: " + unit, "Recovered: " + unit);
        assertThat(JSON.readTree(slack.get(0).getBodyAsString()).toString())
                .contains("InvalidAllocationID.NotFound").contains(broken.substring(0, 7));

        List<LoggedRequest> hooks = receivers.findAll(postRequestedFor(urlEqualTo("/hook")));
        assertThat(hooks).hasSize(2);
        for (LoggedRequest hook : hooks) {
            assertThat(hook.getHeader(WebhookMessage.SIGNATURE_HEADER))
                    .isEqualTo(WebhookMessage.signature(Secret.of("it-signing-key"), hook.getBody()));
        }
        JsonNode failure = JSON.readTree(hooks.get(0).getBodyAsString());
        JsonNode recovery = JSON.readTree(hooks.get(1).getBodyAsString());
        assertThat(failure.path("event").asText()).isEqualTo("failed");
        assertThat(failure.path("revision").asText()).isEqualTo(broken);
        assertThat(failure.path("appliedRevision").isNull()).isTrue();
        assertThat(recovery.path("event").asText()).isEqualTo("recovered");
        assertThat(recovery.path("revision").asText()).isEqualTo(fixed);
        assertThat(recovery.path("appliedRevision").asText()).isEqualTo(fixed);
        assertThat(recovery.path("link").asText()).isEqualTo("https://rambla.example.com/units/" + unit);
        assertThat(outbox.givenUp()).isZero();
    }

    private static String header(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString()).path("blocks").get(0).path("text").path("text").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
