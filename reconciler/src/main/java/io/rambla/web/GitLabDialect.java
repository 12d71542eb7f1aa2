package io.rambla.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.rambla.web.Webhooks.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitLab's webhooks (https://docs.gitlab.com/user/project/integrations/webhooks/ and
 * …/webhook_events/): {@code X-Gitlab-Event}, {@code X-Gitlab-Event-UUID} against redeliveries, and
 * the secret itself in {@code X-Gitlab-Token}, compared in constant time on the headers. Only
 * {@code Push Hook} and {@code Merge Request Hook} do anything; a merge request update whose
 * {@code changes} name {@code labels} queues a review-app pass.
 *
 * @param project the project's path or numeric id; deliveries for another project are ignored; null accepts any
 */
record GitLabDialect(String project) implements WebhookDialect {

    private static final Logger LOG = LoggerFactory.getLogger(GitLabDialect.class);
    private static final Set<String> PLANNED_ACTIONS = Set.of("open", "reopen");
    private static final Set<String> CLOSING_ACTIONS = Set.of("close", "merge");
    private static final String NO_COMMIT = "0000000000000000000000000000000000000000";

    @Override
    public String name() {
        return "GitLab";
    }

    @Override
    public String secretProperty() {
        return "rambla.gitlab.webhook-secret";
    }

    @Override
    public String eventHeader() {
        return "X-Gitlab-Event";
    }

    @Override
    public String event(Function<String, String> header) {
        return header.apply(eventHeader());
    }

    @Override
    public String id(Function<String, String> header) {
        return header.apply("X-Gitlab-Event-UUID");
    }

    @Override
    public String proof(Function<String, String> header) {
        return header.apply("X-Gitlab-Token");
    }

    /** No delivery id is required: GitLab's event UUID, when sent, only guards against redeliveries. */
    @Override
    public Outcome refuseOnHeaders(byte[] secret, String token, String eventUuid) {
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

    /** The token, checked on the headers, is all GitLab sends: the body carries no signature. */
    @Override
    public boolean bodyMatches(byte[] secret, byte[] body, String token) {
        return true;
    }

    @Override
    public Outcome foreign(JsonNode payload) {
        JsonNode from = payload.path("project");
        if (project != null && !from.isMissingNode() && !isOurs(from)) {
            return new Outcome(202, "delivery for " + from.path("path_with_namespace").asText("another project")
                    + " ignored; this daemon follows " + project);
        }
        return null;
    }

    private boolean isOurs(JsonNode from) {
        return project.matches("\\d+") ? project.equals(from.path("id").asText())
                : project.equalsIgnoreCase(from.path("path_with_namespace").asText(""));
    }

    @Override
    public HookEvent meaning(String event, JsonNode payload) {
        return switch (event) {
            case "Push Hook" -> {
                String after = payload.path("after").asText("");
                yield new HookEvent.Push(payload.path("ref").asText(""), after, NO_COMMIT.equals(after) || payload.path("checkout_sha").isNull());
            }
            case "Merge Request Hook" -> mergeRequest(payload);
            default -> HookEvent.ignored(event);
        };
    }

    private static HookEvent mergeRequest(JsonNode payload) {
        JsonNode attributes = payload.path("object_attributes");
        String action = attributes.path("action").asText("");
        int iid = attributes.path("iid").asInt(0);
        if (iid <= 0) {
            return HookEvent.answer(400, "merge request without object_attributes.iid");
        }
        HookEvent.Request request = HookEvent.Request.merge(iid);
        boolean labelsChanged = payload.path("changes").has("labels");
        // An update plans only when it brought commits: GitLab then sends the previous head as oldrev.
        boolean newCommits = "update".equals(action) && !attributes.path("oldrev").asText("").isEmpty();
        if (PLANNED_ACTIONS.contains(action) || newCommits) {
            String head = attributes.path("last_commit").path("id").asText("");
            if (head.isEmpty()) {
                return HookEvent.answer(400, "merge request without object_attributes.last_commit.id");
            }
            return new HookEvent.Plan(request, head, attributes.path("target_branch").asText(""), labelsChanged);
        }
        if (CLOSING_ACTIONS.contains(action)) {
            return new HookEvent.Closed(request);
        }
        // A label put on or taken off arrives as an update whose changes name the labels: review apps may come or go.
        if ("update".equals(action) && labelsChanged) {
            return new HookEvent.LabelsChanged(request, "labels changed");
        }
        return HookEvent.answer(202, "merge request " + action + " acknowledged and ignored");
    }

    private static byte[] digest(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
