package io.rambla.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.status.github.PullRequestPlanner;
import io.rambla.web.GitHubWebhooks.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Gitea or Forgejo webhook delivery means (https://docs.gitea.com/usage/webhooks,
 * https://forgejo.org/docs/latest/user/webhooks/), checked in a fixed order: size (413), a
 * configured secret (403), a signature header (401), a delivery id (400) — all on the headers —
 * then the HMAC-SHA256 of the body, hex in {@code X-Gitea-Signature} or {@code X-Forgejo-Signature},
 * compared in constant time (401) before the body is parsed, then redeliveries, then the event.
 * Only {@code push} and {@code pull_request} do anything; its {@code label_updated} and
 * {@code label_cleared} actions (the {@code pull_request_label} event type) queue a review-app pass.
 */
public class GiteaWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(GiteaWebhooks.class);
    private static final Set<String> PLANNED_ACTIONS = Set.of("opened", "reopened", "synchronized");
    /** Gitea's actions for a label put on or taken off (all of them) a pull request: review apps may come or go. */
    private static final Set<String> LABEL_ACTIONS = Set.of("label_updated", "label_cleared");

    /** One delivery as it arrived; each header from {@code X-Forgejo-*} or else {@code X-Gitea-*}. */
    public record Delivery(String event, String deliveryId, String signature, long declaredLength, byte[] body) {}

    private final byte[] secret;
    private final String repository;
    private final String trackedRef;
    private final int maxBytes;
    private final SyncTrigger syncTrigger;
    private final PullRequestPlanner planner;
    private final ObjectMapper json = new ObjectMapper();
    private final RecentDeliveries recent = new RecentDeliveries();

    public GiteaWebhooks(String secret, String repository, String trackedBranch, int maxBytes, SyncTrigger syncTrigger, PullRequestPlanner planner) {
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.repository = repository;
        this.trackedRef = "refs/heads/" + trackedBranch;
        this.maxBytes = maxBytes;
        this.syncTrigger = syncTrigger;
        this.planner = planner;
    }

    /** Every check that needs no body; null when the headers are acceptable. */
    public Outcome refuseOnHeaders(long declaredLength, String signature, String deliveryId) {
        if (declaredLength > maxBytes) {
            return new Outcome(413, "body larger than the limit of " + maxBytes + " bytes");
        }
        if (secret == null) {
            return new Outcome(403, "webhooks are refused: rambla.gitea.webhook-secret is not set, so no delivery can be verified");
        }
        if (signature == null || signature.isBlank()) {
            return new Outcome(401, "missing X-Gitea-Signature");
        }
        if (deliveryId == null || deliveryId.isBlank()) {
            return new Outcome(400, "missing X-Gitea-Delivery");
        }
        return null;
    }

    public Outcome handle(Delivery delivery) {
        byte[] body = delivery.body() == null ? new byte[0] : delivery.body();
        Outcome refused = refuseOnHeaders(Math.max(delivery.declaredLength(), body.length), delivery.signature(), delivery.deliveryId());
        if (refused != null) {
            return refused;
        }
        if (!signatureMatches(body, delivery.signature().trim())) {
            LOG.warn("Gitea webhook delivery {} refused: its signature does not match the secret", delivery.deliveryId());
            return new Outcome(401, "signature does not match");
        }
        String event = delivery.event();
        if (event == null || event.isBlank()) {
            return new Outcome(400, "missing X-Gitea-Event");
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
        if (!recent.firstTime(delivery.deliveryId())) {
            LOG.info("Gitea webhook delivery {} already handled; ignored", delivery.deliveryId());
            return new Outcome(200, "duplicate delivery ignored");
        }
        String from = payload.path("repository").path("full_name").asText("");
        if (repository != null && !from.isEmpty() && !from.equalsIgnoreCase(repository)) {
            return new Outcome(202, "delivery for " + from + " ignored; this daemon follows " + repository);
        }
        return switch (event) {
            case "push" -> push(payload);
            // Label changes come as X-Gitea-Event "pull_request" (X-Gitea-Event-Type "pull_request_label").
            case "pull_request", "pull_request_label" -> pullRequest(payload);
            default -> new Outcome(202, "event " + event + " acknowledged and ignored");
        };
    }

    private Outcome push(JsonNode payload) {
        String ref = payload.path("ref").asText("");
        if (!trackedRef.equals(ref)) {
            return new Outcome(202, "push to " + ref + " ignored; only " + trackedRef + " is applied");
        }
        String after = payload.path("after").asText("");
        if (after.isEmpty() || after.chars().allMatch(c -> c == '0')) {
            return new Outcome(202, "deletion of " + ref + " ignored");
        }
        if (syncTrigger == null) {
            return new Outcome(202, "push acknowledged; no repository is followed (rambla.git.url is not set)");
        }
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
                return new Outcome(202, "pull request #" + number + " targets " + clean(base) + ", not "
                        + trackedRef.substring("refs/heads/".length()) + ": not planned");
            }
            planner.planPullRequest(number, head);
            return new Outcome(202, "plan requested for #" + number + " at " + shortSha(head));
        }
        if ("closed".equals(action)) {
            planner.pullRequestClosed(number);
            return new Outcome(202, "pull request #" + number + " closed");
        }
        if (LABEL_ACTIONS.contains(action)) {
            planner.pullRequestLabelsChanged(number);
            return new Outcome(202, "pull request #" + number + " " + action);
        }
        return new Outcome(202, "pull_request " + clean(action) + " acknowledged and ignored");
    }

    /** Gitea signs with the bare hex digest, no {@code sha256=} prefix; compared in constant time. */
    boolean signatureMatches(byte[] body, String signature) {
        byte[] expected = sign(body).getBytes(StandardCharsets.US_ASCII);
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

    /** A branch name from the payload, for the answer: printable, bounded. */
    private static String clean(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 100 ? printable.substring(0, 100) + "…" : printable;
    }

    private static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}
