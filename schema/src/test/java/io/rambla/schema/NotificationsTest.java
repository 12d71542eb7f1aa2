package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.schema.District.NotificationEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A district's `notifications`: targets named by secret references, the events it wants, and every mistake at its line. */
class NotificationsTest {

    @TempDir
    Path root;

    private LoadResult load(String yaml) {
        return new TestRepo(root).district("main", yaml).load();
    }

    private District.Notifications notifications(String yaml) {
        LoadResult result = load(yaml);
        assertThat(result.errors()).isEmpty();
        return result.repository().districts().get(0).notifications();
    }

    @Test
    void slack_alone_gets_the_default_events_failed_recovered_drift_and_awaiting_approval() {
        var n = notifications("notifications:\n  slack_webhook_url_secret: /acme/slack\n");
        assertThat(n).isEqualTo(new District.Notifications("/acme/slack"));
        assertThat(n.events()).containsExactly(NotificationEvent.FAILED, NotificationEvent.RECOVERED, NotificationEvent.DRIFT,
                        NotificationEvent.AWAITING_APPROVAL).isEqualTo(Defaults.NOTIFICATION_EVENTS);
        assertThat(n.webhookUrlSecret()).isNull();
    }

    @Test
    void a_json_webhook_with_its_signing_secret_and_chosen_events() {
        var n = notifications("""
                notifications:
                  webhook_url_secret: arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook-AbCdEf
                  webhook_signing_secret: /acme/hook-key
                  events: [applied, failed, applied]
                """);
        assertThat(n.slackWebhookUrlSecret()).isNull();
        assertThat(n.webhookUrlSecret()).isEqualTo("arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook-AbCdEf");
        assertThat(n.webhookSigningSecret()).isEqualTo("/acme/hook-key");
        assertThat(n.events()).containsExactly(NotificationEvent.FAILED, NotificationEvent.APPLIED);
    }

    @Test
    void a_block_without_a_target_is_an_error() {
        assertThat(load("notifications:\n  events: [failed]\n").errors()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("notifications");
            assertThat(d.message()).contains("names no target");
        });
    }

    @Test
    void a_json_webhook_is_always_signed_and_a_signing_key_alone_means_nothing() {
        assertThat(load("notifications:\n  webhook_url_secret: /acme/hook\n").errors()).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("missing required key `webhook_signing_secret`"));
        assertThat(load("notifications:\n  slack_webhook_url_secret: /acme/slack\n  webhook_signing_secret: /acme/key\n").errors())
                .singleElement().satisfies(d -> {
                    assertThat(d.path()).isEqualTo("notifications.webhook_signing_secret");
                    assertThat(d.line()).isEqualTo(3);
                });
    }

    @Test
    void a_url_written_in_git_is_refused_without_being_repeated_as_a_secret() {
        var errors = load("notifications:\n  webhook_url_secret: https://hooks.example.com/T0/abc\n  webhook_signing_secret: hunter2\n").errors();
        assertThat(errors).extracting(Diagnostic::path)
                .containsExactlyInAnyOrder("notifications.webhook_url_secret", "notifications.webhook_signing_secret");
        assertThat(errors).allSatisfy(d -> assertThat(d.message()).contains("must name a secret"));
    }

    @Test
    void unknown_and_hostile_events_are_errors_at_their_line_with_a_suggestion() {
        var errors = load("""
                notifications:
                  slack_webhook_url_secret: /acme/slack
                  events:
                    - faild
                    - {drift: true}
                    - "<!channel> applied"
                """).errors();
        assertThat(errors).extracting(Diagnostic::line).containsExactly(4, 5, 6);
        assertThat(errors.get(0).message()).contains("one of failed, recovered, drift, applied, awaiting_approval").contains("did you mean `failed`");
        assertThat(load("notifications:\n  slack_webhook_url_secret: /acme/slack\n  events: []\n").errors()).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("`events` is empty"));
        assertThat(load("notifications:\n  slack_webhook_url_secret: /acme/slack\n  events: failed\n").errors()).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("must be a list"));
    }

    @Test
    void the_event_words_are_the_enum_in_lowercase() {
        assertThat(List.of(NotificationEvent.values())).extracting(NotificationEvent::key)
                .containsExactly("failed", "recovered", "drift", "applied", "awaiting_approval");
    }
}
