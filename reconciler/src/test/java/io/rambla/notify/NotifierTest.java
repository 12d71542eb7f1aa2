package io.rambla.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.rambla.drift.StackDrift;
import io.rambla.render.Unit;
import io.rambla.schema.District;
import io.rambla.schema.District.NotificationEvent;
import io.rambla.secret.Secret;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import io.rambla.supervise.Workers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The notifier and its outbox against WireMock standing in for Slack and a JSON webhook receiver. */
class NotifierTest {

    private static final String REV1 = "1111111111111111111111111111111111111111";
    private static final String REV2 = "2222222222222222222222222222222222222222";
    private static final String SLACK = "/services/T000/B000/SECRETPART";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<NotificationEvent> DEFAULT = io.rambla.schema.Defaults.NOTIFICATION_EVENTS;

    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    private NotificationOutbox outbox;

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(post(urlEqualTo(SLACK)).willReturn(aResponse().withStatus(200).withBody("ok")));
        server.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
    }

    @AfterEach
    void stop() {
        if (outbox != null) {
            outbox.close();
        }
        server.stop();
    }

    private NotificationOutbox outbox(int capacity) {
        outbox = new NotificationOutbox(Sender.http(Duration.ofSeconds(30)), new DeliveryPolicy(3, Duration.ofMillis(50), Duration.ofSeconds(1)),
                capacity, Duration.ZERO, Clock.systemUTC(), new Workers());
        return outbox;
    }

    private Target slack(List<NotificationEvent> events) {
        return new Target("test slack", Target.Kind.SLACK, Target.Source.of(Secret.of(server.baseUrl() + SLACK)), null, events);
    }

    private Notifier notifier(List<Target> targets) {
        return new Notifier(outbox(100), targets, d -> List.of(), "https://rambla.example.com", Clock.systemUTC());
    }

    private static UnitStatus status(String id, UnitState state, String attempted, String applied, String message) {
        return new UnitStatus(id, "app", "rambla-" + id.replace('/', '-'), state, attempted, applied, message, Instant.now());
    }

    private List<JsonNode> slackMessages() {
        return server.findAll(postRequestedFor(urlEqualTo(SLACK))).stream().map(r -> {
            try {
                return JSON.readTree(r.getBodyAsString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static String header(JsonNode slackMessage) {
        return slackMessage.path("blocks").get(0).path("text").path("text").asText();
    }

    @Test
    void a_failure_then_its_recovery_are_both_told_to_slack_in_block_kit() {
        Notifier notifier = notifier(List.of(slack(DEFAULT)));
        notifier.unitChanged(REV1, status("app/shop/production", UnitState.APPLYING, REV1, null, null));
        notifier.unitChanged(REV1, status("app/shop/production", UnitState.FAILED, REV1, null, "CREATE_FAILED: bucket exists"));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.delivered() == 1);
        notifier.unitChanged(REV2, status("app/shop/production", UnitState.APPLIED, REV2, REV2, "created"));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.delivered() == 2);

        List<JsonNode> messages = slackMessages();
        assertThat(messages).extracting(NotifierTest::header).containsExactly("Failed: app/shop/production", "Recovered: app/shop/production");
        assertThat(messages.get(0).path("blocks").get(2).path("text").path("text").asText()).contains("CREATE_FAILED: bucket exists");
        assertThat(messages.get(1).path("blocks").get(1).path("fields").get(2).path("text").asText()).isEqualTo("*Revision*\n`2222222`");
        assertThat(messages.get(1).path("blocks")).extracting(b -> b.path("type").asText()).containsExactly("header", "section", "actions", "context");
        assertThat(messages.get(1).path("blocks").get(2).path("elements").get(0).path("url").asText())
                .isEqualTo("https://rambla.example.com/units/app/shop/production");
        server.findAll(postRequestedFor(urlEqualTo(SLACK)))
                .forEach(r -> assertThat(r.getHeader("Content-Type")).startsWith("application/json"));
    }

    @Test
    void a_change_held_for_approval_is_told_once_with_what_it_would_replace() {
        Notifier notifier = notifier(List.of(slack(DEFAULT)));
        String held = "awaiting approval: replaces AWS::EC2::VPC Vpc (stateful: its data or address is lost) (approval: replacements)";
        notifier.unitChanged(REV1, status("district/main", UnitState.AWAITING_APPROVAL, REV1, null, held));
        notifier.unitChanged(REV1, status("district/main", UnitState.AWAITING_APPROVAL, REV1, null, held));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.delivered() == 1);
        notifier.unitChanged(REV1, status("district/main", UnitState.APPLIED, REV1, REV1, "updated"));
        notifier.syncFinished(REV1, List.of());

        List<JsonNode> messages = slackMessages();
        assertThat(messages).extracting(NotifierTest::header).containsExactly("Awaiting approval: district/main");
        assertThat(messages.get(0).path("blocks").get(2).path("text").path("text").asText()).contains("replaces AWS::EC2::VPC Vpc");
    }

    @Test
    void the_same_unit_event_and_revision_is_sent_once() {
        Notifier notifier = notifier(List.of(slack(DEFAULT)));
        // The sync reports a unit's final state again at its end, and the next poll retries the same commit.
        for (int i = 0; i < 3; i++) {
            notifier.unitChanged(REV1, status("app/shop/production", UnitState.FAILED, REV1, null, "boom " + i));
        }
        notifier.unitChanged(REV1, status("app/shop/staging", UnitState.FAILED, REV1, null, "boom"));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.delivered() == 2);
        assertThat(slackMessages()).extracting(NotifierTest::header).containsExactly("Failed: app/shop/production", "Failed: app/shop/staging");
        // A new commit failing again is news.
        notifier.unitChanged(REV2, status("app/shop/production", UnitState.FAILED, REV2, null, "boom"));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.delivered() == 3);
    }

    @Test
    void a_slow_slack_does_not_hold_up_the_sync_that_reported_to_it() {
        server.stubFor(post(urlEqualTo(SLACK)).willReturn(aResponse().withStatus(200).withFixedDelay(20_000)));
        Notifier notifier = notifier(List.of(slack(DEFAULT)));

        // What a sync does: one unit fails, the others go on, the sync ends.
        notifier.unitChanged(REV1, status("app/a/x", UnitState.FAILED, REV1, null, "boom"));
        notifier.unitChanged(REV1, status("app/b/x", UnitState.APPLIED, REV1, REV1, "updated"));
        notifier.syncFinished(REV1, List.of());

        // Slack has the request and holds its answer for 20 s: every call above had returned before it.
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.findAll(postRequestedFor(urlEqualTo(SLACK))).isEmpty());
        assertThat(outbox.delivered()).isZero();
        assertThat(outbox.backlog()).isEqualTo(1);
    }

    @Test
    void a_429_is_tried_again_after_retry_after_and_a_500_after_backoff() {
        server.stubFor(post(urlEqualTo(SLACK)).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("500"));
        server.stubFor(post(urlEqualTo(SLACK)).inScenario("busy").whenScenarioStateIs("500")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        server.stubFor(post(urlEqualTo(SLACK)).inScenario("busy").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(200)));
        Notifier notifier = notifier(List.of(slack(DEFAULT)));
        notifier.unitChanged(REV1, status("app/shop/production", UnitState.FAILED, REV1, null, "boom"));

        await().atMost(Duration.ofSeconds(15)).until(() -> outbox.delivered() == 1);
        List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo(SLACK)));
        assertThat(requests).hasSize(3);
        // Retry-After: 1 was honoured: the second attempt came at least a second after the first.
        assertThat(requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime()).isGreaterThanOrEqualTo(1000);
        assertThat(requests).extracting(LoggedRequest::getBodyAsString).allMatch(b -> b.equals(requests.get(0).getBodyAsString()));
        assertThat(outbox.givenUp()).isZero();
    }

    @Test
    void a_message_waiting_for_its_retry_does_not_hold_up_the_others() {
        server.stubFor(post(urlEqualTo("/busy")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
        Target busy = new Target("busy slack", Target.Kind.SLACK, Target.Source.of(Secret.of(server.baseUrl() + "/busy")), null, DEFAULT);
        outbox = new NotificationOutbox(Sender.http(Duration.ofSeconds(30)), new DeliveryPolicy(3, Duration.ofMillis(50), Duration.ofMinutes(1)),
                100, Duration.ZERO, Clock.systemUTC(), new Workers());
        Notifier notifier = new Notifier(outbox, List.of(busy, slack(DEFAULT)), d -> List.of(), null, Clock.systemUTC());
        notifier.unitChanged(REV1, status("app/shop/production", UnitState.FAILED, REV1, null, "boom"));

        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.delivered() == 1);
        assertThat(server.findAll(postRequestedFor(urlEqualTo("/busy")))).hasSize(1);
        assertThat(outbox.backlog()).as("the busy target's message waits its 30 s").isEqualTo(1);
        assertThat(outbox.givenUp()).isZero();
    }

    @Test
    void the_json_webhook_is_signed_and_failures_are_given_up_without_the_url_in_any_log() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger log = (Logger) LoggerFactory.getLogger(NotificationOutbox.class);
        log.addAppender(logs);
        try {
            server.stubFor(post(urlEqualTo("/gone/SECRETPART")).willReturn(aResponse().withStatus(404)));
            Target webhook = new Target("test webhook", Target.Kind.WEBHOOK, Target.Source.of(Secret.of(server.baseUrl() + "/hook")),
                    Target.Source.of(Secret.of("k3y")), List.of(NotificationEvent.FAILED));
            Target gone = new Target("gone slack", Target.Kind.SLACK, Target.Source.of(Secret.of(server.baseUrl() + "/gone/SECRETPART")), null,
                    DEFAULT);
            Target plainHttp = new Target("remote http slack", Target.Kind.SLACK,
                    Target.Source.of(Secret.of("http://hooks.example.invalid/SECRETPART")), null, DEFAULT);
            Target unreadable = new Target("unreadable slack", Target.Kind.SLACK, () -> {
                throw new IllegalStateException("cannot read secret /acme/slack");
            }, null, DEFAULT);
            Notifier notifier = notifier(List.of(webhook, gone, plainHttp, unreadable));
            notifier.unitChanged(REV1, status("app/shop/production", UnitState.FAILED, REV1, null, "boom"));

            await().atMost(Duration.ofSeconds(15)).until(() -> outbox.delivered() == 1 && outbox.givenUp() == 3);
            LoggedRequest request = server.findAll(postRequestedFor(urlEqualTo("/hook"))).get(0);
            byte[] body = request.getBody();
            assertThat(request.getHeader(WebhookMessage.SIGNATURE_HEADER)).isEqualTo(WebhookMessage.signature(Secret.of("k3y"), body));
            assertThat(request.getHeader(WebhookMessage.EVENT_HEADER)).isEqualTo("failed");
            JsonNode json = JSON.readTree(new String(body, StandardCharsets.UTF_8));
            assertThat(request.getHeader(WebhookMessage.DELIVERY_HEADER)).isEqualTo(json.path("id").asText());
            assertThat(json.path("unit").asText()).isEqualTo("app/shop/production");
            assertThat(json.path("reason").asText()).isEqualTo("boom");
            // The 404 was asked once; the plain-http URL never.
            assertThat(server.findAll(postRequestedFor(urlEqualTo("/gone/SECRETPART")))).hasSize(1);

            List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).anyMatch(l -> l.contains("gave up") && l.contains("gone slack") && l.contains("HTTP 404"));
            assertThat(lines).anyMatch(l -> l.contains("gave up") && l.contains("remote http slack") && l.contains("must be https"));
            assertThat(lines).anyMatch(l -> l.contains("gave up") && l.contains("unreadable slack") && l.contains("/acme/slack"));
            assertThat(lines).noneMatch(l -> l.contains("SECRETPART") || l.contains(server.baseUrl()) || l.contains("k3y"));
        } finally {
            log.detachAppender(logs);
        }
    }

    @Test
    void each_district_tells_its_own_targets_the_events_it_chose_and_the_daemon_is_told_everything_it_wants() {
        District.Notifications block = new District.Notifications("/acme/a/slack", null, null, List.of(NotificationEvent.APPLIED));
        District a = new District("a", "districts/a.yml", "eu-west-1", "10.1.0.0/16", District.NatType.NONE, "ec2", "t3.small", 1, false,
                List.of(), block, Map.of());
        District b = new District("b", "districts/b.yml", "eu-west-1", "10.2.0.0/16", District.NatType.NONE, "ec2", "t3.small", 1, false,
                List.of(), null, Map.of());
        server.stubFor(post(urlEqualTo("/district-a")).willReturn(aResponse().withStatus(200)));
        Map<String, Secret> secrets = Map.of("/acme/a/slack", Secret.of(server.baseUrl() + "/district-a"));
        Notifier notifier = new Notifier(outbox(100), List.of(slack(List.of(NotificationEvent.FAILED))),
                d -> Notifier.targetsOf(d, ref -> secrets.get(ref)), null, Clock.systemUTC());
        notifier.unitsRendered(REV1, List.of(new Unit.DistrictUnit(a), new Unit.DistrictUnit(b)));

        notifier.unitChanged(REV1, status("district/a", UnitState.APPLIED, REV1, REV1, "updated"));
        notifier.unitChanged(REV1, status("district/b", UnitState.APPLIED, REV1, REV1, "updated"));
        notifier.unitChanged(REV2, status("district/b", UnitState.FAILED, REV2, REV1, "boom"));
        // An apply that changed nothing (the stack still names an older commit) is not news.
        notifier.unitChanged(REV2, status("district/a", UnitState.APPLIED, REV2, REV1, "up to date"));

        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.delivered() == 2);
        List<LoggedRequest> toA = server.findAll(postRequestedFor(urlEqualTo("/district-a")));
        assertThat(toA).singleElement().satisfies(r -> assertThat(r.getBodyAsString()).contains("Applied: district/a"));
        assertThat(slackMessages()).extracting(NotifierTest::header).containsExactly("Failed: district/b");
        // No link without a public URL.
        assertThat(slackMessages().get(0).path("blocks").toString()).doesNotContain("\"actions\"");
        assertThat(server.findAll(postRequestedFor(urlEqualTo(SLACK)).withRequestBody(containing("district/a")))).isEmpty();
    }

    @Test
    void an_app_environments_slack_url_secret_gets_its_own_events_and_a_url_in_git_gets_nothing(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path repository) throws Exception {
        java.nio.file.Files.createDirectories(repository.resolve("districts"));
        java.nio.file.Files.createDirectories(repository.resolve("apps/shop"));
        java.nio.file.Files.createDirectories(repository.resolve("apps/blog"));
        java.nio.file.Files.writeString(repository.resolve("districts/main.yml"), "region: us-east-1\n");
        String worker = "    image_name: public.ecr.aws/nginx/nginx\n    services:\n      - name: worker\n        service_type: default\n";
        // Barcelona's slack_url: a secret's name is acted on; the URL itself, as Barcelona files have it, is not.
        java.nio.file.Files.writeString(repository.resolve("apps/shop/barcelona.yml"),
                "environments:\n  production:\n    slack_url: /barcelona/main/slack/shop\n" + worker);
        java.nio.file.Files.writeString(repository.resolve("apps/blog/barcelona.yml"),
                "environments:\n  production:\n    slack_url: https://hooks.slack.com/services/T0/B0/inGit\n" + worker);
        var loaded = io.rambla.schema.RepositoryLoader.load(repository);
        assertThat(loaded.hasErrors()).as(loaded.diagnostics().toString()).isFalse();
        assertThat(loaded.diagnostics()).extracting(Object::toString).singleElement().asString()
                .startsWith("apps/blog/barcelona.yml:3:5: warning: Barcelona key `slack_url` is accepted but not acted on by Rambla");
        server.stubFor(post(urlEqualTo("/shop-channel")).willReturn(aResponse().withStatus(200)));
        Map<String, Secret> secrets = Map.of("/barcelona/main/slack/shop", Secret.of(server.baseUrl() + "/shop-channel"));
        Notifier notifier = new Notifier(outbox(100), List.of(), d -> List.of(), app -> Notifier.targetsOf(app, ref -> secrets.get(ref)),
                null, Clock.systemUTC());
        notifier.unitsRendered(REV1, io.rambla.render.Renderer.units(loaded.repository()));

        notifier.unitChanged(REV1, status("app/shop/production", UnitState.FAILED, REV1, null, "boom"));
        notifier.unitChanged(REV1, status("app/blog/production", UnitState.FAILED, REV1, null, "boom"));

        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.delivered() == 1);
        assertThat(server.findAll(postRequestedFor(urlEqualTo("/shop-channel")))).singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).contains("Failed: app/shop/production"));
        assertThat(server.findAll(postRequestedFor(urlEqualTo("/shop-channel")).withRequestBody(containing("app/blog")))).isEmpty();
    }

    @Test
    void drift_found_is_told_once_per_applied_revision_with_the_drifted_resources() {
        Notifier notifier = notifier(List.of(slack(DEFAULT)));
        UnitStatus applied = status("district/main", UnitState.APPLIED, REV1, REV1, null);
        StackDrift drift = new StackDrift(StackDrift.Status.DRIFTED, Instant.now(),
                List.of(new StackDrift.DriftedResource("Bucket", "AWS::S3::Bucket", "MODIFIED", List.of())), null);
        notifier.driftFound(applied, drift, drift);
        notifier.driftFound(applied, drift, drift);
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.delivered() == 1);
        JsonNode message = slackMessages().get(0);
        assertThat(header(message)).isEqualTo("Drift found: district/main");
        assertThat(message.path("blocks").get(2).path("text").path("text").asText()).contains("Bucket (AWS::S3::Bucket) modified");
    }

    @Test
    void a_full_queue_drops_new_messages_instead_of_waiting() {
        server.stubFor(post(urlEqualTo(SLACK)).willReturn(aResponse().withStatus(200).withFixedDelay(20_000)));
        NotificationOutbox small = outbox(2);
        Notification n = SlackMessageTest.failed("app/a/x", "boom");
        Target target = slack(DEFAULT);
        assertThat(small.offer(n, target)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.findAll(postRequestedFor(urlEqualTo(SLACK))).isEmpty());
        assertThat(small.offer(n, target)).isTrue();
        assertThat(small.offer(n, target)).isTrue();
        assertThat(small.offer(n, target)).isFalse();
        assertThat(small.dropped()).isEqualTo(1);
    }
}
