package io.rambla.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.status.github.PullRequestPlanner;
import io.rambla.web.GitHubWebhooks.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a GitLab webhook delivery means (https://docs.gitlab.com/user/project/integrations/webhooks/
 * and …/webhook_events/), checked in a fixed order: size (413), a configured secret (403), the
 * {@code X-Gitlab-Token} compared in constant time (401) — all on the headers, before the body
 * is read — then the event's UUID ({@code X-Gitlab-Event-UUID}) against redeliveries, then the
 * event. Only {@code Push Hook} and {@code Merge Request Hook} do anything; a merge request update
 * whose {@code changes} name {@code labels} queues a review-app pass.
 */
public class GitLabWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(GitLabWebhooks.class);
    private static final Set<String> PLANNED_ACTIONS = Set.of("open", "reopen");
    private static final Set<String> CLOSING_ACTIONS = Set.of("close", "merge");
    private static final String NO_COMMIT = "0000000000000000000000000000000000000000";

    /** One delivery as it arrived; {@code declaredLength} is the Content-Length header, -1 when absent. */
    public record Delivery(String event, String eventUuid, String token, long declaredLength, byte[] body) {}

    private final byte[] secret;
    private final String project;
    private final String trackedRef;
    private final int maxBytes;
    private final SyncTrigger syncTrigger;
    private final PullRequestPlanner planner;
    private final ObjectMapper json = new ObjectMapper();
    private final RecentDeliveries recent = new RecentDeliveries();

    /**
     * @param secret  the webhook's secret token; null refuses every delivery
     * @param project the project's path or numeric id; deliveries for another project are ignored; null accepts any
     */
    public GitLabWebhooks(String secret, String project, String trackedBranch, int maxBytes, SyncTrigger syncTrigger, PullRequestPlanner planner) {
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.project = project;
        this.trackedRef = "refs/heads/" + trackedBranch;
        this.maxBytes = maxBytes;
        this.syncTrigger = syncTrigger;
        this.planner = planner;
    }

    /** Every check that needs no body; null when the headers are acceptable. */
    public Outcome refuseOnHeaders(long declaredLength, String token) {
        if (declaredLength > maxBytes) {
            return new Outcome(413, "body larger than the limit of " + maxBytes + " bytes");
        }
        if (secret == null) {
            return new Outcome(403, "webhooks are refused: rambla.gitlab.webhook-secret is not set, so no delivery can be verified");
        }
        if (token == null || token.isEmpty()) {
            return new Outcome(401, "missing X-Gitlab-Token");
        }
        // Digests of equal length compared in constant time: the answer's timing says nothing about
        // how much of a guessed token was right, nor how long the secret is.
        if (!MessageDigest.isEqual(digest(secret), digest(token.getBytes(StandardCharsets.UTF_8)))) {
            LOG.warn("GitLab webhook refused: its X-Gitlab-Token does not match the secret");
            return new Outcome(401, "token does not match");
        }
        return null;
    }

    public Outcome handle(Delivery delivery) {
        byte[] body = delivery.body() == null ? new byte[0] : delivery.body();
        Outcome refused = refuseOnHeaders(Math.max(delivery.declaredLength(), body.length), delivery.token());
        if (refused != null) {
            return refused;
        }
        String event = delivery.event();
        if (event == null || event.isBlank()) {
            return new Outcome(400, "missing X-Gitlab-Event");
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
        String uuid = delivery.eventUuid();
        if (uuid != null && !uuid.isBlank() && !recent.firstTime(uuid)) {
            LOG.info("GitLab event {} already handled; ignored", uuid);
            return new Outcome(200, "duplicate delivery ignored");
        }
        JsonNode from = payload.path("project");
        if (project != null && !from.isMissingNode() && !isOurs(from)) {
            return new Outcome(202, "delivery for " + from.path("path_with_namespace").asText("another project")
                    + " ignored; this daemon follows " + project);
        }
        return switch (event) {
            case "Push Hook" -> push(payload);
            case "Merge Request Hook" -> mergeRequest(payload);
            default -> new Outcome(202, "event " + event + " acknowledged and ignored");
        };
    }

    private boolean isOurs(JsonNode from) {
        return project.matches("\\d+") ? project.equals(from.path("id").asText())
                : project.equalsIgnoreCase(from.path("path_with_namespace").asText(""));
    }

    private Outcome push(JsonNode payload) {
        String ref = payload.path("ref").asText("");
        if (!trackedRef.equals(ref)) {
            return new Outcome(202, "push to " + ref + " ignored; only " + trackedRef + " is applied");
        }
        String after = payload.path("after").asText("");
        if (NO_COMMIT.equals(after) || payload.path("checkout_sha").isNull()) {
            return new Outcome(202, "deletion of " + ref + " ignored");
        }
        if (syncTrigger == null) {
            return new Outcome(202, "push acknowledged; no repository is followed (rambla.git.url is not set)");
        }
        syncTrigger.requestSync("push " + shortSha(after) + " to " + ref.substring("refs/heads/".length()));
        return new Outcome(202, "sync requested");
    }

    private Outcome mergeRequest(JsonNode payload) {
        JsonNode attributes = payload.path("object_attributes");
        String action = attributes.path("action").asText("");
        int iid = attributes.path("iid").asInt(0);
        if (iid <= 0) {
            return new Outcome(400, "merge request without object_attributes.iid");
        }
        // An update plans only when it brought commits: GitLab then sends the previous head as oldrev.
        boolean newCommits = "update".equals(action) && !attributes.path("oldrev").asText("").isEmpty();
        if (PLANNED_ACTIONS.contains(action) || newCommits) {
            String head = attributes.path("last_commit").path("id").asText("");
            if (head.isEmpty()) {
                return new Outcome(400, "merge request without object_attributes.last_commit.id");
            }
            // Merging into another branch changes nothing this daemon applies: its plan would mislead.
            String target = attributes.path("target_branch").asText("");
            if (!target.isEmpty() && !trackedRef.equals("refs/heads/" + target)) {
                return new Outcome(202, "merge request !" + iid + " targets " + clean(target) + ", not "
                        + trackedRef.substring("refs/heads/".length()) + ": not planned");
            }
            planner.planPullRequest(iid, head);
            if (payload.path("changes").has("labels")) {
                planner.pullRequestLabelsChanged(iid);
            }
            return new Outcome(202, "plan requested for !" + iid + " at " + shortSha(head));
        }
        if (CLOSING_ACTIONS.contains(action)) {
            planner.pullRequestClosed(iid);
            return new Outcome(202, "merge request !" + iid + " closed");
        }
        // A label put on or taken off arrives as an update whose changes name the labels: review apps may come or go.
        if ("update".equals(action) && payload.path("changes").has("labels")) {
            planner.pullRequestLabelsChanged(iid);
            return new Outcome(202, "merge request !" + iid + " labels changed");
        }
        return new Outcome(202, "merge request " + action + " acknowledged and ignored");
    }

    private static byte[] digest(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
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
