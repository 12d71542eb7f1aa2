package io.rambla.notify;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.config.AwsConfig;
import io.rambla.schema.District.NotificationEvent;
import io.rambla.secret.Secret;
import io.rambla.githost.github.GitHubConfig;
import io.rambla.supervise.Workers;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Wires notifications: the outbox and its worker, the daemon's targets from configuration, the districts' through SSM. */
@Factory
public class NotifyFactory {

    private final Map<String, SsmClient> ssmClients = new ConcurrentHashMap<>();

    @Singleton
    @Bean(preDestroy = "close")
    NotificationOutbox notificationOutbox(NotifyConfig config, Workers workers) {
        return new NotificationOutbox(Sender.http(config.timeout()),
                new DeliveryPolicy(config.maxAttempts(), config.firstRetryDelay(), config.maxRetryDelay()),
                config.queueCapacity(), config.minInterval(), Clock.systemUTC(), workers);
    }

    @Singleton
    Notifier notifier(NotificationOutbox outbox, NotifyConfig config, GitHubConfig github, AwsConfig aws, AwsCallCounter counter) {
        SecretLookup secrets = new SsmSecretLookup(region -> ssmClients.computeIfAbsent(region,
                r -> AwsClientFactory.ssm(aws.inRegion(r), counter)), aws.region(), config.secretTtl(), Clock.systemUTC());
        return new Notifier(outbox, daemonTargets(config), district -> Notifier.targetsOf(district, secrets),
                app -> Notifier.targetsOf(app, secrets), config.linkUrl() != null ? config.linkUrl() : github.publicUrl(), Clock.systemUTC());
    }

    /** The daemon-wide targets; a URL the policy refuses stops the daemon at start, with a message that does not quote it. */
    static List<Target> daemonTargets(NotifyConfig config) {
        List<NotificationEvent> events = events(config.events());
        List<Target> targets = new ArrayList<>();
        if (blank(config.webhookUrl()) != blank(config.webhookSigningSecret())) {
            throw new ConfigurationException("rambla.notifications.webhook-url and webhook-signing-secret go together: a JSON webhook is always signed");
        }
        if (!blank(config.slackWebhookUrl())) {
            check("rambla.notifications.slack-webhook-url", config.slackWebhookUrl());
            targets.add(new Target("daemon slack", Target.Kind.SLACK, Target.Source.of(Secret.of(config.slackWebhookUrl().strip())), null, events));
        }
        if (!blank(config.webhookUrl())) {
            check("rambla.notifications.webhook-url", config.webhookUrl());
            targets.add(new Target("daemon webhook", Target.Kind.WEBHOOK, Target.Source.of(Secret.of(config.webhookUrl().strip())),
                    Target.Source.of(Secret.of(config.webhookSigningSecret())), events));
        }
        return targets;
    }

    static List<NotificationEvent> events(List<String> names) {
        List<NotificationEvent> events = new ArrayList<>();
        for (String name : names) {
            String word = name.strip().toLowerCase(Locale.ROOT);
            NotificationEvent event = java.util.Arrays.stream(NotificationEvent.values()).filter(e -> e.key().equals(word)).findFirst()
                    .orElseThrow(() -> new ConfigurationException("rambla.notifications.events: `" + word
                            + "` is not one of " + java.util.Arrays.stream(NotificationEvent.values()).map(NotificationEvent::key)
                            .collect(java.util.stream.Collectors.joining(", "))));
            events.add(event);
        }
        return events;
    }

    private static void check(String property, String url) {
        UrlPolicy.problemWith(url).ifPresent(problem -> {
            throw new ConfigurationException(property + ": " + problem);
        });
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
