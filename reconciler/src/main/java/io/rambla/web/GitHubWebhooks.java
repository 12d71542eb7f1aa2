package io.rambla.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.status.github.PullRequestPlanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a GitHub webhook delivery means, checked in a fixed order: size (413), a configured secret
 * (403), a signature header (401), a delivery id (400) — all on the headers, before the body is
 * read — then the signature itself (401) before a byte of the body is parsed, then duplicates,
 * then the event. Only {@code ping}, {@code push} and {@code pull_request} do anything; real work is
 * handed to a {@link SyncTrigger} or a {@link PullRequestPlanner}, which return at once.
 */
public class GitHubWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubWebhooks.class);
    static final int REMEMBERED_DELIVERIES = 1_000;
    private static final String SIGNATURE_PREFIX = "sha256=";
    private static final Set<String> PLANNED_ACTIONS = Set.of("opened", "synchronize", "reopened");

    /** The answer: an HTTP status and a short sentence for whoever reads GitHub's delivery log. */
    public record Outcome(int status, String result) {}

    /** One delivery as it arrived; {@code declaredLength} is the Content-Length header, -1 when absent. */
    public record Delivery(String event, String deliveryId, String signature, long declaredLength, byte[] body) {}

    private final byte[] secret;
    private final String repository;
    private final String trackedRef;
    private final int maxBytes;
    private final SyncTrigger syncTrigger;
    private final PullRequestPlanner planner;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> seen = new LinkedHashSet<>();

    /**
     * @param secret      the webhook secret; null refuses every delivery
     * @param repository  {@code owner/name}; deliveries for another repository are ignored; null accepts any
     * @param syncTrigger null when no repository is followed
     */
    public GitHubWebhooks(String secret, String repository, String trackedBranch, int maxBytes, SyncTrigger syncTrigger, PullRequestPlanner planner) {
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.repository = repository;
        this.trackedRef = "refs/heads/" + trackedBranch;
        this.maxBytes = maxBytes;
        this.syncTrigger = syncTrigger;
        this.planner = planner;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** The size check alone. */
    public Outcome tooLarge(long declaredLength) {
        return declaredLength > maxBytes ? new Outcome(413, "body larger than the limit of " + maxBytes + " bytes") : null;
    }

    /**
     * Every check that needs no body, in the order {@link #handle} makes them: a filter applies
     * it before a byte of the body is read, so a delivery that cannot be valid costs nothing.
     * Null when the headers are acceptable.
     */
    public Outcome refuseOnHeaders(long declaredLength, String signature, String deliveryId) {
        Outcome tooLarge = tooLarge(declaredLength);
        if (tooLarge != null) {
            return tooLarge;
        }
        if (secret == null) {
            return new Outcome(403, "webhooks are refused: rambla.github.webhook-secret is not set, so no delivery can be verified");
        }
        if (signature == null || signature.isBlank()) {
            return new Outcome(401, "missing X-Hub-Signature-256");
        }
        if (deliveryId == null || deliveryId.isBlank()) {
            // Without an id a redelivery could not be told from a new delivery.
            return new Outcome(400, "missing X-GitHub-Delivery");
        }
        return null;
    }

    public Outcome handle(Delivery delivery) {
        Outcome refused = refuseOnHeaders(Math.max(delivery.declaredLength(), delivery.body() == null ? 0 : delivery.body().length),
                delivery.signature(), delivery.deliveryId());
        if (refused != null) {
            return refused;
        }
        byte[] body = delivery.body() == null ? new byte[0] : delivery.body();
        if (!signatureMatches(body, delivery.signature().trim())) {
            LOG.warn("webhook delivery {} refused: its signature does not match the secret", delivery.deliveryId());
            return new Outcome(401, "signature does not match");
        }
        String event = delivery.event();
        if (event == null || event.isBlank()) {
            return new Outcome(400, "missing X-GitHub-Event");
        }
        JsonNode payload;
        try {
            payload = json.readTree(body);
        } catch (IOException e) {
            return new Outcome(400, "body is not JSON");
        }
        if (payload == null || !payload.isObject()) {
            return new Outcome(400, "body is not a JSON object");
        }
        if (!firstTime(delivery.deliveryId())) {
            LOG.info("webhook delivery {} already handled; ignored", delivery.deliveryId());
            return new Outcome(200, "duplicate delivery ignored");
        }
        String from = payload.path("repository").path("full_name").asText("");
        if (repository != null && !from.isEmpty() && !from.equalsIgnoreCase(repository)) {
            return new Outcome(202, "delivery for " + from + " ignored; this daemon follows " + repository);
        }
        return switch (event) {
            case "ping" -> new Outcome(200, "pong");
            case "push" -> push(payload);
            case "pull_request" -> pullRequest(payload);
            default -> new Outcome(202, "event " + event + " acknowledged and ignored");
        };
    }

    private Outcome push(JsonNode payload) {
        String ref = payload.path("ref").asText("");
        if (!trackedRef.equals(ref)) {
            return new Outcome(202, "push to " + ref + " ignored; only " + trackedRef + " is applied");
        }
        if (payload.path("deleted").asBoolean(false)) {
            return new Outcome(202, "deletion of " + ref + " ignored");
        }
        if (syncTrigger == null) {
            return new Outcome(202, "push acknowledged; no repository is followed (rambla.git.url is not set)");
        }
        String after = payload.path("after").asText("");
        syncTrigger.requestSync("push " + shortSha(after) + " to " + ref.substring("refs/heads/".length()));
        return new Outcome(202, "sync requested");
    }

    private Outcome pullRequest(JsonNode payload) {
        String action = payload.path("action").asText("");
        int number = payload.path("number").asInt(payload.path("pull_request").path("number").asInt(0));
        if (number <= 0) {
            return new Outcome(400, "pull_request without a number");
        }
        if (PLANNED_ACTIONS.contains(action)) {
            String head = payload.path("pull_request").path("head").path("sha").asText("");
            if (head.isEmpty()) {
                return new Outcome(400, "pull_request without pull_request.head.sha");
            }
            // Merging into another branch changes nothing this daemon applies: its plan would mislead.
            String base = payload.path("pull_request").path("base").path("ref").asText("");
            if (!base.isEmpty() && !trackedRef.equals("refs/heads/" + base)) {
                return new Outcome(202, "pull request #" + number + " targets " + base + ", not " + trackedRef.substring("refs/heads/".length())
                        + ": not planned");
            }
            planner.planPullRequest(number, head);
            return new Outcome(202, "plan requested for #" + number + " at " + shortSha(head));
        }
        if ("closed".equals(action)) {
            planner.pullRequestClosed(number);
            return new Outcome(202, "pull request #" + number + " closed");
        }
        if ("labeled".equals(action) || "unlabeled".equals(action)) {
            planner.pullRequestLabelsChanged(number);
            return new Outcome(202, "pull request #" + number + " " + action);
        }
        return new Outcome(202, "pull_request " + action + " acknowledged and ignored");
    }

    /** Compares in constant time, so the answer's timing says nothing about how much of a forged signature was right. */
    boolean signatureMatches(byte[] body, String signature) {
        byte[] expected = (SIGNATURE_PREFIX + sign(body)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    private String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Remembers the last {@value #REMEMBERED_DELIVERIES} delivery ids; GitHub redelivers with the same id. */
    private boolean firstTime(String deliveryId) {
        synchronized (seen) {
            if (!seen.add(deliveryId)) {
                return false;
            }
            if (seen.size() > REMEMBERED_DELIVERIES) {
                var oldest = seen.iterator();
                oldest.next();
                oldest.remove();
            }
            return true;
        }
    }

    private static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}
