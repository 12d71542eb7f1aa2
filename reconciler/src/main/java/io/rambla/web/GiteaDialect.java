package io.rambla.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.rambla.web.Webhooks.Outcome;
import java.util.Set;
import java.util.function.Function;

/**
 * Gitea's and Forgejo's webhooks (https://docs.gitea.com/usage/webhooks,
 * https://forgejo.org/docs/latest/user/webhooks/): each header from {@code X-Forgejo-*} or else
 * {@code X-Gitea-*}; the body's HMAC-SHA256 as bare hex in the {@code Signature} header. Only
 * {@code push} and {@code pull_request} do anything; its {@code label_updated} and
 * {@code label_cleared} actions (the {@code pull_request_label} event type) queue a review-app pass.
 *
 * @param repository {@code owner/name}; deliveries for another repository are ignored; null accepts any
 */
record GiteaDialect(String repository) implements WebhookDialect {

    private static final Set<String> PLANNED_ACTIONS = Set.of("opened", "reopened", "synchronized");
    /** Gitea's actions for a label put on or taken off (all of them) a pull request: review apps may come or go. */
    private static final Set<String> LABEL_ACTIONS = Set.of("label_updated", "label_cleared");

    @Override
    public String name() {
        return "Gitea";
    }

    @Override
    public String secretProperty() {
        return "rambla.gitea.webhook-secret";
    }

    @Override
    public String eventHeader() {
        return "X-Gitea-Event";
    }

    @Override
    public String event(Function<String, String> header) {
        return header(header, "Event");
    }

    @Override
    public String id(Function<String, String> header) {
        return header(header, "Delivery");
    }

    @Override
    public String proof(Function<String, String> header) {
        return header(header, "Signature");
    }

    /** Forgejo sends {@code X-Forgejo-*} and, for compatibility, {@code X-Gitea-*}; Gitea only the latter. */
    static String header(Function<String, String> headers, String name) {
        String forgejo = headers.apply("X-Forgejo-" + name);
        return forgejo != null ? forgejo : headers.apply("X-Gitea-" + name);
    }

    @Override
    public Outcome refuseOnHeaders(byte[] secret, String signature, String deliveryId) {
        if (signature == null || signature.isBlank()) {
            return new Outcome(401, "missing X-Gitea-Signature");
        }
        if (deliveryId == null || deliveryId.isBlank()) {
            return new Outcome(400, "missing X-Gitea-Delivery");
        }
        return null;
    }

    /** Gitea signs with the bare hex digest, no {@code sha256=} prefix. */
    @Override
    public boolean bodyMatches(byte[] secret, byte[] body, String signature) {
        return WebhookDialect.hmacMatches(secret, body, signature, "");
    }

    @Override
    public Outcome foreign(JsonNode payload) {
        return WebhookDialect.foreignRepository(repository, payload);
    }

    @Override
    public HookEvent meaning(String event, JsonNode payload) {
        return switch (event) {
            case "push" -> {
                String after = payload.path("after").asText("");
                yield new HookEvent.Push(payload.path("ref").asText(""), after, after.isEmpty() || after.chars().allMatch(c -> c == '0'));
            }
            // Label changes come as X-Gitea-Event "pull_request" (X-Gitea-Event-Type "pull_request_label").
            case "pull_request", "pull_request_label" -> WebhookDialect.pullRequest(payload, PLANNED_ACTIONS, LABEL_ACTIONS, this::shown);
            default -> HookEvent.ignored(event);
        };
    }
}
