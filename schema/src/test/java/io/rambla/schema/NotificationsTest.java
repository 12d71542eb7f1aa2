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
        var n = notifications("notifications:\n  slack_webhook_url_secret: /barcelona/main/slack\n");
        assertThat(n).isEqualTo(new District.Notifications("/barcelona/main/slack"));
        assertThat(n.events()).containsExactly(NotificationEvent.FAILED, NotificationEvent.RECOVERED, NotificationEvent.DRIFT,
                        NotificationEvent.AWAITING_APPROVAL).isEqualTo(Defaults.NOTIFICATION_EVENTS);
        assertThat(n.webhookUrlSecret()).isNull();
    }

    @Test
    void a_json_webhook_with_its_signing_secret_and_chosen_events() {
        var n = notifications("""
                notifications:
                  webhook_url_secret: arn:aws:secretsmanager:eu-west-1:123456789012:secret:barcelona/main/hook-AbCdEf
                  webhook_signing_secret: /barcelona/main/hook-key
                  events: [applied, failed, applied]
                """);
        assertThat(n.slackWebhookUrlSecret()).isNull();
        assertThat(n.webhookUrlSecret()).isEqualTo("arn:aws:secretsmanager:eu-west-1:123456789012:secret:barcelona/main/hook-AbCdEf");
        assertThat(n.webhookSigningSecret()).isEqualTo("/barcelona/main/hook-key");
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
        assertThat(load("notifications:\n  webhook_url_secret: /barcelona/main/hook\n").errors()).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("missing required key `webhook_signing_secret`"));
        assertThat(load("notifications:\n  slack_webhook_url_secret: /barcelona/main/slack\n  webhook_signing_secret: /barcelona/main/key\n").errors())
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
                  slack_webhook_url_secret: /barcelona/main/slack
                  events:
                    - faild
                    - {drift: true}
                    - "<!channel> applied"
                """).errors();
        assertThat(errors).extracting(Diagnostic::line).containsExactly(4, 5, 6);
        assertThat(errors.get(0).message()).contains("one of failed, recovered, drift, applied, awaiting_approval").contains("did you mean `failed`");
        assertThat(load("notifications:\n  slack_webhook_url_secret: /barcelona/main/slack\n  events: []\n").errors()).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("`events` is empty"));
        assertThat(load("notifications:\n  slack_webhook_url_secret: /barcelona/main/slack\n  events: failed\n").errors()).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("must be a list"));
    }

    @Test
    void the_event_words_are_the_enum_in_lowercase() {
        assertThat(List.of(NotificationEvent.values())).extracting(NotificationEvent::key)
                .containsExactly("failed", "recovered", "drift", "applied", "awaiting_approval");
    }

    private List<Diagnostic> slackSecret(String reference) {
        return load("notifications:\n  slack_webhook_url_secret: \"" + reference + "\"\n").errors();
    }

    @Test
    void references_outside_the_districts_own_prefix_are_refused_whatever_their_form() {
        for (String outside : List.of("/acme/slack", "/barcelona/other/slack", "/barcelona/mainx/slack", "/barcelona/main",
                "arn:aws:ssm:eu-west-1:123456789012:parameter/other-team/slack",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:other/main/hook-AbCdEf",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:barcelona/other/hook")) {
            assertThat(slackSecret(outside)).as(outside).singleElement().satisfies(d -> {
                assertThat(d.path()).isEqualTo("notifications.slack_webhook_url_secret");
                assertThat(d.line()).isEqualTo(2);
                assertThat(d.message()).contains("outside what district `main` grants its notifications: names under /barcelona/main/");
            });
        }
        assertThat(slackSecret("arn:aws:ssm:eu-west-1:123456789012:parameter/barcelona/main/slack")).isEmpty();
        assertThat(slackSecret("arn:aws:secretsmanager:eu-west-1:123456789012:secret:barcelona/main/slack-AbCdEf")).isEmpty();
    }

    @Test
    void references_that_climb_widen_or_smuggle_are_refused_at_their_line() {
        for (String hostile : List.of("/barcelona/main/../other/slack", "/barcelona/main//slack", "/barcelona/main/slack/",
                "/barcelona/main/*", "/barcelona/main/${AWS::AccountId}", "/barcelona/main/{{resolve:ssm:/x}}",
                "/barcelona/main/a\\u0007b", "/barcelona/main/a\\u0000b", "/barcelona/main/a\\u202eb",
                "arn:aws:ssm:eu-west-1:123456789012:parameter/barcelona/main/../../x",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:barcelona/main/*",
                "arn:aws:iam::123456789012:role/admin")) {
            assertThat(slackSecret(hostile)).as(hostile).isNotEmpty()
                    .allSatisfy(d -> assertThat(d.path()).isEqualTo("notifications.slack_webhook_url_secret"));
        }
    }

    @Test
    void a_huge_reference_is_refused_by_its_length_without_being_repeated() {
        String huge = "/barcelona/main/" + "a".repeat(300_000);
        assertThat(slackSecret(huge)).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("300016 characters long; a secret reference is at most " + NotificationSecrets.MAX_LENGTH);
            assertThat(d.message()).hasSizeLessThan(200);
        });
        String longest = "/barcelona/main/" + "a".repeat(NotificationSecrets.MAX_LENGTH - "/barcelona/main/".length());
        assertThat(slackSecret(longest)).isEmpty();
        assertThat(slackSecret(longest + "a")).singleElement().satisfies(d -> assertThat(d.message()).contains("at most 2048"));
    }

    @Test
    void every_target_key_is_checked_and_a_refused_block_gives_no_notifications() {
        LoadResult result = load("""
                notifications:
                  slack_webhook_url_secret: /barcelona/main/slack
                  webhook_url_secret: /etc/passwd
                  webhook_signing_secret: arn:aws:secretsmanager:us-east-1:123456789012:secret:rambla/github-token
                """);
        assertThat(result.errors()).extracting(Diagnostic::line).containsExactly(3, 4);
        assertThat(result.errors()).allSatisfy(d -> assertThat(d.message()).contains("outside what district `main` grants"));
    }

    @Test
    void an_apps_slack_url_may_name_only_what_its_district_grants_the_app() {
        String worker = "    image_name: public.ecr.aws/nginx/nginx\n    services:\n      - name: worker\n        service_type: default\n";
        TestRepo repo = new TestRepo(root).district("main", "region: us-east-1\n").district("narrow", "region: us-east-1\nsecret_scope: app\n");
        String good = "environments:\n  production:\n    district: main\n    slack_url: /barcelona/main/shop-slack\n" + worker;
        assertThat(repo.app("shop", good).load().errors()).isEmpty();
        for (String hostile : List.of("/other-team/slack", "/shop/slack", "/barcelona/main/../x", "/barcelona/main/" + "a".repeat(5000))) {
            LoadResult result = repo.app("shop", "environments:\n  production:\n    district: main\n    slack_url: \"" + hostile + "\"\n" + worker).load();
            assertThat(result.errors()).as(hostile).singleElement().satisfies(d -> {
                assertThat(d.path()).isEqualTo("environments.production.slack_url");
                assertThat(d.line()).isEqualTo(4);
                assertThat(d.message()).doesNotContain("a".repeat(100));
            });
        }
        // With secret_scope: app the app gets only its own corner of the district's prefix.
        String narrow = "environments:\n  production:\n    district: narrow\n    slack_url: %s\n" + worker;
        assertThat(repo.app("shop", narrow.formatted("/barcelona/narrow/shop/slack")).load().errors()).isEmpty();
        assertThat(repo.app("shop", narrow.formatted("/barcelona/narrow/blog/slack")).load().errors()).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("grants app `shop`'s notifications: names under /barcelona/narrow/shop/"));
        // A URL, https or not, is Barcelona's form: a warning, never acted on.
        for (String url : List.of("https://hooks.slack.com/services/T0/B0/x", "http://hooks.example.com/x", "javascript:alert(1)")) {
            LoadResult result = repo.app("shop", "environments:\n  production:\n    district: main\n    slack_url: \"" + url + "\"\n" + worker).load();
            assertThat(result.errors()).as(url).isEmpty();
            assertThat(result.repository().applications().get(0).environments().get(0).slackUrlSecret()).isNull();
        }
    }
}
