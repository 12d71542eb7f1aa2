package io.rambla.notify;

import io.rambla.schema.District.NotificationEvent;
import io.rambla.secret.Secret;
import java.util.List;

/**
 * Where notifications go: Slack or a signed JSON webhook, with the events it wants. The URL and
 * the signing key are read when a message is sent, off the sync's thread ({@link Source}); the
 * {@code label} ("slack for district main") is what logs and errors name, never the URL.
 */
public record Target(String label, Kind kind, Source url, Source signingKey, List<NotificationEvent> events) {

    public enum Kind { SLACK, WEBHOOK }

    /** A secret, read when needed (from SSM or Secrets Manager, or the daemon's configuration). */
    @FunctionalInterface
    public interface Source {
        Secret read();

        static Source of(Secret secret) {
            return () -> secret;
        }
    }

    public Target {
        events = List.copyOf(events);
        if (kind == Kind.WEBHOOK && signingKey == null) {
            throw new IllegalArgumentException(label + ": a JSON webhook needs a signing key");
        }
    }

    public boolean wants(NotificationEvent event) {
        return events.contains(event);
    }

    @Override
    public String toString() {
        return label;
    }
}
