package io.rambla.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.rambla.schema.District.NotificationEvent;
import io.rambla.status.DriftListener;
import io.rambla.status.SyncListener;
import io.rambla.supervise.Workers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The notifier is a sync and drift listener in every daemon; the daemon's own targets come from configuration, checked at start. */
class NotifyWiringTest {

    @Test
    void the_notifier_listens_to_syncs_and_drift_checks_and_its_worker_is_supervised() {
        try (var context = ApplicationContext.run(Map.of(
                "rambla.notifications.slack-webhook-url", "https://hooks.slack.com/services/T0/B0/wiring",
                "rambla.notifications.events", "failed,applied"))) {
            assertThat(context.getBeansOfType(SyncListener.class)).anyMatch(l -> l instanceof Notifier);
            assertThat(context.getBeansOfType(DriftListener.class)).anyMatch(l -> l instanceof Notifier);
            assertThat(context.getBean(Workers.class).all()).anyMatch(w -> w.name().equals(NotificationOutbox.WORKER));
            assertThat(context.getBean(NotifyConfig.class).toString()).doesNotContain("wiring").contains("slackWebhookUrl=****");
            var targets = NotifyFactory.daemonTargets(context.getBean(NotifyConfig.class));
            assertThat(targets).singleElement().satisfies(t -> {
                assertThat(t.kind()).isEqualTo(Target.Kind.SLACK);
                assertThat(t.events()).containsExactly(NotificationEvent.FAILED, NotificationEvent.APPLIED);
            });
        }
    }

    @Test
    void a_daemon_url_that_is_not_https_stops_the_start_without_being_quoted() {
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("rambla.notifications.slack-webhook-url", "http://hooks.example.com/SECRETPART"))
                .getBean(Notifier.class))
                .hasStackTraceContaining("rambla.notifications.slack-webhook-url: the URL must be https")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("SECRETPART"));
    }

    @Test
    void a_json_webhook_without_its_signing_secret_or_an_unknown_event_stops_the_start() {
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("rambla.notifications.webhook-url", "https://hooks.example.com/x"))
                .getBean(Notifier.class)).hasStackTraceContaining("always signed");
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("rambla.notifications.events", "failed,exploded"))
                .getBean(Notifier.class)).hasStackTraceContaining("`exploded` is not one of failed, recovered, drift, applied, awaiting_approval");
    }

    private static String stackTrace(Throwable e) {
        var out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
