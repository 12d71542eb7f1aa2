package io.rambla.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.status.github.PullRequestPlanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a webhook delivery from the git host means: one pipeline for GitHub, GitLab and
 * Gitea/Forgejo, checked in a fixed order. On the headers, before the body is read: size (413),
 * a configured secret (403), then the host's own header checks ({@link WebhookDialect#refuseOnHeaders}:
 * a missing signature or token, 401; GitLab's wrong token, 401; a missing delivery id, 400). Then
 * the signature of the body (401) before a byte of it is parsed, the event header (400), the
 * body as a JSON object (400), redeliveries (200), another repository (202), and last the event.
 * Real work is handed to a {@link SyncTrigger} or a {@link PullRequestPlanner}, which return at once.
 */
public final class Webhooks {

    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    private static final String HEADS = "refs/heads/";

    /** The answer: an HTTP status and a short sentence for whoever reads the host's delivery log. */
    public record Outcome(int status, String result) {}

    /**
     * One delivery as it arrived. {@code id} is the host's delivery id (GitLab: the event UUID),
     * {@code proof} its signature (GitLab: its token); {@code declaredLength} is the Content-Length
     * header, -1 when absent.
     */
    public record Delivery(String event, String id, String proof, long declaredLength, byte[] body) {}

    private final WebhookDialect dialect;
    private final byte[] secret;
    private final String trackedRef;
    private final int maxBytes;
    private final SyncTrigger syncTrigger;
    private final PullRequestPlanner planner;
    private final ObjectMapper json = new ObjectMapper();
    private final RecentDeliveries recent = new RecentDeliveries();

    /**
     * @param secret      the webhook secret (GitLab: its secret token); null or empty refuses every delivery
     * @param syncTrigger null when no repository is followed
     */
    Webhooks(WebhookDialect dialect, String secret, String trackedBranch, int maxBytes, SyncTrigger syncTrigger, PullRequestPlanner planner) {
        this.dialect = dialect;
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.trackedRef = HEADS + trackedBranch;
        this.maxBytes = maxBytes;
        this.syncTrigger = syncTrigger;
        this.planner = planner;
    }

    /** GitHub's deliveries; {@code repository} is {@code owner/name}, null accepts any. */
    public static Webhooks gitHub(String secret, String repository, String trackedBranch, int maxBytes, SyncTrigger syncTrigger,
            PullRequestPlanner planner) {
        return new Webhooks(new GitHubDialect(repository), secret, trackedBranch, maxBytes, syncTrigger, planner);
    }

    /** GitLab's deliveries; {@code project} is the project's path or numeric id, null accepts any. */
    public static Webhooks gitLab(String secret, String project, String trackedBranch, int maxBytes, SyncTrigger syncTrigger,
            PullRequestPlanner planner) {
        return new Webhooks(new GitLabDialect(project), secret, trackedBranch, maxBytes, syncTrigger, planner);
    }

    /** Gitea's and Forgejo's deliveries; {@code repository} is {@code owner/name}, null accepts any. */
    public static Webhooks gitea(String secret, String repository, String trackedBranch, int maxBytes, SyncTrigger syncTrigger,
            PullRequestPlanner planner) {
        return new Webhooks(new GiteaDialect(repository), secret, trackedBranch, maxBytes, syncTrigger, planner);
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** The size check alone. */
    public Outcome tooLarge(long declaredLength) {
        return declaredLength > maxBytes ? new Outcome(413, "body larger than the limit of " + maxBytes + " bytes") : null;
    }

    /** The delivery a request carries, read from the host's own headers. */
    public Delivery read(Function<String, String> header, long declaredLength, byte[] body) {
        return new Delivery(dialect.event(header), dialect.id(header), dialect.proof(header), declaredLength, body);
    }

    /** {@link #refuseOnHeaders(long, String, String)} on a request's headers, for the filters. */
    public Outcome refuseOnHeaders(long declaredLength, Function<String, String> header) {
        return refuseOnHeaders(declaredLength, dialect.proof(header), dialect.id(header));
    }

    /**
     * Every check that needs no body, in the order {@link #handle} makes them: a filter applies
     * it before a byte of the body is read, so a delivery that cannot be valid costs nothing.
     * Null when the headers are acceptable.
     */
    public Outcome refuseOnHeaders(long declaredLength, String proof, String id) {
        Outcome tooLarge = tooLarge(declaredLength);
        if (tooLarge != null) {
            return tooLarge;
        }
        if (secret == null) {
            return new Outcome(403, "webhooks are refused: " + dialect.secretProperty() + " is not set, so no delivery can be verified");
        }
        return dialect.refuseOnHeaders(secret, proof, id);
    }

    public Outcome handle(Delivery delivery) {
        byte[] body = delivery.body() == null ? new byte[0] : delivery.body();
        Outcome refused = refuseOnHeaders(Math.max(delivery.declaredLength(), body.length), delivery.proof(), delivery.id());
        if (refused != null) {
            return refused;
        }
        if (!dialect.bodyMatches(secret, body, delivery.proof())) {
            LOG.warn("{} webhook delivery {} refused: its signature does not match the secret", dialect.name(), delivery.id());
            return new Outcome(401, "signature does not match");
        }
        String event = delivery.event();
        if (event == null || event.isBlank()) {
            return new Outcome(400, "missing " + dialect.eventHeader());
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
        // GitHub and Gitea always send an id (checked on the headers); GitLab's event UUID may be absent.
        String id = delivery.id();
        if (id != null && !id.isBlank() && !recent.firstTime(id)) {
            LOG.info("{} webhook delivery {} already handled; ignored", dialect.name(), id);
            return new Outcome(200, "duplicate delivery ignored");
        }
        Outcome foreign = dialect.foreign(payload);
        if (foreign != null) {
            return foreign;
        }
        return act(dialect.meaning(event, payload));
    }

    private Outcome act(HookEvent event) {
        if (event instanceof HookEvent.Push push) {
            return push(push);
        }
        if (event instanceof HookEvent.Plan plan) {
            return plan(plan);
        }
        if (event instanceof HookEvent.Closed closed) {
            return closed(closed);
        }
        if (event instanceof HookEvent.LabelsChanged labels) {
            return labels(labels);
        }
        return ((HookEvent.Answer) event).outcome();
    }

    private Outcome push(HookEvent.Push push) {
        String ref = push.ref();
        if (!trackedRef.equals(ref)) {
            return new Outcome(202, "push to " + ref + " ignored; only " + trackedRef + " is applied");
        }
        if (push.deleted()) {
            return new Outcome(202, "deletion of " + ref + " ignored");
        }
        if (syncTrigger == null) {
            return new Outcome(202, "push acknowledged; no repository is followed (rambla.git.url is not set)");
        }
        syncTrigger.requestSync("push " + shortSha(push.after()) + " to " + ref.substring(HEADS.length()));
        return new Outcome(202, "sync requested");
    }

    private Outcome plan(HookEvent.Plan plan) {
        HookEvent.Request request = plan.request();
        // Merging into another branch changes nothing this daemon applies: its plan would mislead.
        String base = plan.base();
        if (!base.isEmpty() && !trackedRef.equals(HEADS + base)) {
            return new Outcome(202, request + " targets " + dialect.shown(base) + ", not " + trackedRef.substring(HEADS.length())
                    + ": not planned");
        }
        planner.planPullRequest(request.number(), plan.head());
        if (plan.labelsChanged()) {
            planner.pullRequestLabelsChanged(request.number());
        }
        return new Outcome(202, "plan requested for " + request.reference() + " at " + shortSha(plan.head()));
    }

    private Outcome closed(HookEvent.Closed closed) {
        planner.pullRequestClosed(closed.request().number());
        return new Outcome(202, closed.request() + " closed");
    }

    private Outcome labels(HookEvent.LabelsChanged labels) {
        planner.pullRequestLabelsChanged(labels.request().number());
        return new Outcome(202, labels.request() + " " + labels.note());
    }

    /** A name from the payload, for the answer: printable, bounded. */
    static String clean(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 100 ? printable.substring(0, 100) + "…" : printable;
    }

    private static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}
