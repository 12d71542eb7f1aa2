package io.rambla.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.rambla.web.Webhooks.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How one git host speaks webhooks: its header names, how a delivery proves it comes from the
 * host, whose repository it is about and what its events mean. {@link Webhooks} runs the same
 * pipeline around each.
 */
sealed interface WebhookDialect permits GitHubDialect, GitLabDialect, GiteaDialect {

    /** The host's name, for logs. */
    String name();

    /** The property holding the secret, named when none is set. */
    String secretProperty();

    /** The header naming the event, named when it is missing. */
    String eventHeader();

    String event(Function<String, String> header);

    /** The delivery id (GitLab: the event UUID), or null. */
    String id(Function<String, String> header);

    /** The signature (GitLab: the token), or null. */
    String proof(Function<String, String> header);

    /** The host's checks on the headers once a secret is configured; null when they pass. */
    Outcome refuseOnHeaders(byte[] secret, String proof, String id);

    /** Whether the body is the one the proof vouches for; a host whose proof is a token has checked it on the headers. */
    boolean bodyMatches(byte[] secret, byte[] body, String proof);

    /** The answer for a delivery about another repository than the followed one; null when it is about ours. */
    Outcome foreign(JsonNode payload);

    /** What the event asks for. */
    HookEvent meaning(String event, JsonNode payload);

    /** A branch name from the payload as the answer shows it. */
    default String shown(String branch) {
        return Webhooks.clean(branch);
    }

    /** The repository check GitHub and Gitea share: {@code repository.full_name}, case-insensitive; null follows any. */
    static Outcome foreignRepository(String repository, JsonNode payload) {
        String from = payload.path("repository").path("full_name").asText("");
        if (repository != null && !from.isEmpty() && !from.equalsIgnoreCase(repository)) {
            return new Outcome(202, "delivery for " + from + " ignored; this daemon follows " + repository);
        }
        return null;
    }

    /**
     * A GitHub or Gitea {@code pull_request} payload: {@code planned} actions plan its head,
     * {@code closed} closes it, {@code labelActions} change its labels; the answer names the action.
     */
    static HookEvent pullRequest(JsonNode payload, Set<String> planned, Set<String> labelActions, Function<String, String> shown) {
        String action = payload.path("action").asText("");
        int number = payload.path("number").asInt(payload.path("pull_request").path("number").asInt(0));
        if (number <= 0) {
            return HookEvent.answer(400, "pull_request without a number");
        }
        HookEvent.Request request = HookEvent.Request.pull(number);
        if (planned.contains(action)) {
            String head = payload.path("pull_request").path("head").path("sha").asText("");
            if (head.isEmpty()) {
                return HookEvent.answer(400, "pull_request without pull_request.head.sha");
            }
            return new HookEvent.Plan(request, head, payload.path("pull_request").path("base").path("ref").asText(""), false);
        }
        if ("closed".equals(action)) {
            return new HookEvent.Closed(request);
        }
        if (labelActions.contains(action)) {
            return new HookEvent.LabelsChanged(request, action);
        }
        return HookEvent.answer(202, "pull_request " + shown.apply(action) + " acknowledged and ignored");
    }

    /**
     * Whether {@code signature} is the HMAC-SHA256 of the body under the secret, as lower-case hex
     * after {@code prefix}. Compared in constant time, so the answer's timing says nothing about how
     * much of a forged signature was right.
     */
    static boolean hmacMatches(byte[] secret, byte[] body, String signature, String prefix) {
        byte[] expected = (prefix + hmacSha256(secret, body)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    private static String hmacSha256(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
