package io.rambla.notify;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.rambla.secret.Secret;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;

/**
 * Notifications ({@code rambla.notifications.*}): the daemon's own targets, told about every unit
 * (districts add theirs in their files), and how sending behaves. Give the URLs through the
 * environment ({@code RAMBLA_NOTIFICATIONS_SLACK_WEBHOOK_URL}, ...), never in a file in git.
 *
 * @param slackWebhookUrl      a Slack incoming webhook for every unit; none when unset
 * @param webhookUrl           a generic JSON webhook for every unit; needs {@code webhookSigningSecret}
 * @param webhookSigningSecret the HMAC-SHA256 key signing the JSON webhook's bodies
 * @param events               what the daemon's targets are sent: failed, recovered, drift, applied
 * @param linkUrl              the daemon's public base URL, linked from each message; defaults to {@code rambla.github.public-url}
 * @param queueCapacity        messages waiting at most; past it new ones are dropped with a warning
 * @param maxAttempts          attempts per message, the first included
 * @param firstRetryDelay      wait before the second attempt, doubled for each one after
 * @param maxRetryDelay        the longest wait between attempts, a {@code Retry-After} included
 * @param timeout              connect and response timeout of one attempt
 * @param minInterval          the least time between two messages to one target (Slack: one a second)
 * @param secretTtl            how long a URL or key read from SSM / Secrets Manager is reused
 */
@ConfigurationProperties("rambla.notifications")
public record NotifyConfig(
        @Nullable String slackWebhookUrl,
        @Nullable String webhookUrl,
        @Nullable String webhookSigningSecret,
        @Bindable(defaultValue = "failed,recovered,drift,awaiting_approval") List<String> events,
        @Nullable String linkUrl,
        @Bindable(defaultValue = "1000") @Min(1) int queueCapacity,
        @Bindable(defaultValue = "5") @Min(1) int maxAttempts,
        @Bindable(defaultValue = "2s") Duration firstRetryDelay,
        @Bindable(defaultValue = "5m") Duration maxRetryDelay,
        @Bindable(defaultValue = "10s") Duration timeout,
        @Bindable(defaultValue = "1s") Duration minInterval,
        @Bindable(defaultValue = "5m") Duration secretTtl) {

    /** The URLs and the key are masked: this record may end up in logs and error messages. */
    @Override
    public String toString() {
        return "NotifyConfig[slackWebhookUrl=" + mask(slackWebhookUrl) + ", webhookUrl=" + mask(webhookUrl)
                + ", webhookSigningSecret=" + mask(webhookSigningSecret) + ", events=" + events + ", linkUrl=" + linkUrl
                + ", queueCapacity=" + queueCapacity + ", maxAttempts=" + maxAttempts + ", firstRetryDelay=" + firstRetryDelay
                + ", maxRetryDelay=" + maxRetryDelay + ", timeout=" + timeout + ", minInterval=" + minInterval + ", secretTtl=" + secretTtl + "]";
    }

    private static String mask(String value) {
        return value == null ? null : Secret.MASK;
    }
}
