package io.rambla.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.rambla.web.Webhooks.Outcome;
import java.util.Set;
import java.util.function.Function;

/**
 * GitHub's webhooks: {@code X-GitHub-Event}, {@code X-GitHub-Delivery} and the body's
 * HMAC-SHA256 as {@code sha256=HEX} in {@code X-Hub-Signature-256}. Only {@code ping},
 * {@code push} and {@code pull_request} do anything.
 *
 * @param repository {@code owner/name}; deliveries for another repository are ignored; null accepts any
 */
record GitHubDialect(String repository) implements WebhookDialect {

    static final String SIGNATURE = "X-Hub-Signature-256";
    static final String DELIVERY = "X-GitHub-Delivery";
    private static final Set<String> PLANNED_ACTIONS = Set.of("opened", "synchronize", "reopened");
    private static final Set<String> LABEL_ACTIONS = Set.of("labeled", "unlabeled");

    @Override
    public String name() {
        return "GitHub";
    }

    @Override
    public String secretProperty() {
        return "rambla.github.webhook-secret";
    }

    @Override
    public String eventHeader() {
        return "X-GitHub-Event";
    }

    @Override
    public String event(Function<String, String> header) {
        return header.apply(eventHeader());
    }

    @Override
    public String id(Function<String, String> header) {
        return header.apply(DELIVERY);
    }

    @Override
    public String proof(Function<String, String> header) {
        return header.apply(SIGNATURE);
    }

    @Override
    public Outcome refuseOnHeaders(byte[] secret, String signature, String deliveryId) {
        if (signature == null || signature.isBlank()) {
            return new Outcome(401, "missing " + SIGNATURE);
        }
        if (deliveryId == null || deliveryId.isBlank()) {
            // Without an id a redelivery could not be told from a new delivery.
            return new Outcome(400, "missing " + DELIVERY);
        }
        return null;
    }

    @Override
    public boolean bodyMatches(byte[] secret, byte[] body, String signature) {
        return WebhookDialect.hmacMatches(secret, body, signature, "sha256=");
    }

    @Override
    public Outcome foreign(JsonNode payload) {
        return WebhookDialect.foreignRepository(repository, payload);
    }

    @Override
    public HookEvent meaning(String event, JsonNode payload) {
        return switch (event) {
            case "ping" -> HookEvent.answer(200, "pong");
            case "push" -> new HookEvent.Push(payload.path("ref").asText(""), payload.path("after").asText(""),
                    payload.path("deleted").asBoolean(false));
            case "pull_request" -> WebhookDialect.pullRequest(payload, PLANNED_ACTIONS, LABEL_ACTIONS, this::shown);
            default -> HookEvent.ignored(event);
        };
    }

    /** GitHub's answers show a branch or action as it was sent. */
    @Override
    public String shown(String text) {
        return text;
    }
}
